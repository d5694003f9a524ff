using Hitl.Grains.Escalation;
using Hitl.Grains.Queues;

namespace Hitl.Grains.Conversations;

/// <summary>
/// The sums of a conversation's escalations and draft reviews that left its state: the state keeps only the
/// latest few of each (so what is written per message stays small), and the scoreboard still counts them all.
/// </summary>
[GenerateSerializer, Immutable, Alias("hitl.ArchivedHistory")]
public sealed record ArchivedHistory(
    [property: Id(0)] int Escalations,
    [property: Id(1)] IReadOnlyList<EscalationReason> Reasons,
    [property: Id(2)] int SlaMet,
    [property: Id(3)] int SlaBreached,
    [property: Id(4)] int DraftsApproved,
    [property: Id(5)] int DraftsEdited,
    [property: Id(6)] int DraftsRejected)
{
    public static ArchivedHistory Empty { get; } = new(0, [], 0, 0, 0, 0, 0);

    /// <summary>Reviews archived so far.</summary>
    public int Reviews => DraftsApproved + DraftsEdited + DraftsRejected;

    /// <summary>Adds a closed escalation that leaves the state.</summary>
    public ArchivedHistory With(EscalationRecord escalation)
    {
        ArgumentNullException.ThrowIfNull(escalation);
        var (met, breached) = SlaOutcome(escalation);
        return this with
        {
            Escalations = Escalations + 1,
            Reasons = [.. Reasons.Concat(escalation.Reasons.Select(r => r.Reason)).Distinct().Order()],
            SlaMet = SlaMet + met,
            SlaBreached = SlaBreached + breached,
        };
    }

    /// <summary>Adds a review that leaves the state.</summary>
    public ArchivedHistory With(DraftReview review)
    {
        ArgumentNullException.ThrowIfNull(review);
        return review.Decision switch
        {
            DraftDecision.Approve => this with { DraftsApproved = DraftsApproved + 1 },
            DraftDecision.Edit => this with { DraftsEdited = DraftsEdited + 1 },
            _ => this with { DraftsRejected = DraftsRejected + 1 },
        };
    }

    /// <summary>
    /// Whether an escalation met its first-response SLA (1, 0), breached it (0, 1), or neither: no due time, or
    /// still waiting within it.
    /// </summary>
    public static (int Met, int Breached) SlaOutcome(EscalationRecord escalation)
    {
        ArgumentNullException.ThrowIfNull(escalation);
        if (escalation.DueAt is not { } due)
        {
            return (0, 0);
        }

        if (escalation.Breached || escalation.FirstHumanResponseAt > due)
        {
            return (0, 1);
        }

        return escalation.FirstHumanResponseAt <= due ? (1, 0) : (0, 0);
    }
}
