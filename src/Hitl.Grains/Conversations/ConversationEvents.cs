namespace Hitl.Grains.Conversations;

/// <summary>
/// Names the changes between two marks of a conversation, in the order they happened: new
/// messages first, then ownership, drafts, rating and SLA. Kinds are the contract's
/// <c>ConversationEvent.kind</c> values.
/// </summary>
public static class ConversationEvents
{
    public const string Snapshot = "SNAPSHOT";
    public const string Message = "MESSAGE";
    public const string Reopened = "REOPENED";
    public const string Escalated = "ESCALATED";
    public const string Assigned = "ASSIGNED";
    public const string Transferred = "TRANSFERRED";
    public const string Returned = "RETURNED";
    public const string HandedBack = "HANDED_BACK";
    public const string Resolved = "RESOLVED";
    public const string Draft = "DRAFT";
    public const string DraftReviewed = "DRAFT_REVIEWED";
    public const string Rated = "RATED";
    public const string SlaBreached = "SLA_BREACHED";
    public const string Updated = "UPDATED";

    /// <summary>The kinds of change from <paramref name="before"/> to <paramref name="after"/>; one MESSAGE per new message.</summary>
    public static IReadOnlyList<string> Between(ConversationMark before, ConversationMark after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var kinds = new List<string>();
        for (var seq = before.MessageCount; seq < after.MessageCount; seq++)
        {
            kinds.Add(Message);
        }

        var was = before.Status;
        if (was == ConversationStatus.Resolved && after.Status != ConversationStatus.Resolved)
        {
            kinds.Add(Reopened);
            was = ConversationStatus.Bot;
        }

        var escalated = was is ConversationStatus.Queued or ConversationStatus.Human;
        var sameEscalation = before.OpenEscalationId == after.OpenEscalationId;
        switch (after.Status)
        {
            case ConversationStatus.Queued when !escalated:
                kinds.Add(Escalated);
                break;
            case ConversationStatus.Queued when !sameEscalation:
            case ConversationStatus.Human when escalated && !sameEscalation:
                kinds.Add(Transferred);
                break;
            case ConversationStatus.Queued when was == ConversationStatus.Human:
                kinds.Add(Returned);
                break;
            case ConversationStatus.Human when was == ConversationStatus.Queued:
                kinds.Add(Assigned);
                break;
            case ConversationStatus.Bot when escalated:
                kinds.Add(HandedBack);
                break;
            case ConversationStatus.Resolved when was != ConversationStatus.Resolved:
                kinds.Add(Resolved);
                break;
        }

        if (after.Reviews > before.Reviews)
        {
            kinds.Add(DraftReviewed);
        }

        if (after.PendingDraftId is not null && after.PendingDraftId != before.PendingDraftId)
        {
            kinds.Add(Draft);
        }

        if (after.Csat is not null && before.Csat is null)
        {
            kinds.Add(Rated);
        }

        if (after.OpenBreached && !(before.OpenBreached && sameEscalation))
        {
            kinds.Add(SlaBreached);
        }

        if (kinds.Count == 0 && after.Version != before.Version)
        {
            kinds.Add(Updated);
        }

        return kinds;
    }
}
