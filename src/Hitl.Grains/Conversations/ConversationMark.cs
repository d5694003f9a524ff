namespace Hitl.Grains.Conversations;

/// <summary>What watchers were last told about a conversation: enough to name what changed since.</summary>
public sealed record ConversationMark(
    long Version,
    long MessageCount,
    ConversationStatus Status,
    string? OpenEscalationId,
    string? PendingDraftId,
    int Reviews,
    int? Csat,
    bool OpenBreached)
{
    public static ConversationMark Of(ConversationState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var open = state.Ownership.OpenEscalationId is { } id ? state.Escalations.FindLast(e => e.Id == id) : null;
        return new(
            state.Version,
            state.MessageCount,
            state.Ownership.Status,
            state.Ownership.OpenEscalationId,
            state.PendingDraft?.Id,
            state.Archived.Reviews + state.Reviews.Count,
            state.Csat,
            open?.Breached ?? false);
    }
}
