using Hitl.Grains.Conversations;
using Hitl.Grains.Escalation;

namespace Hitl.Grains.Queues;

/// <summary>
/// Work waiting in a queue: a handoff (its id is the escalation's id) or a draft to review (its id
/// is the draft's id). Ids make enqueueing and assignment idempotent.
/// </summary>
[GenerateSerializer, Immutable, Alias("hitl.WorkItem")]
public sealed record WorkItem(
    [property: Id(0)] string Id,
    [property: Id(1)] WorkKind Kind,
    [property: Id(2)] string ConversationId,
    [property: Id(3)] string Queue,
    [property: Id(4)] int Priority,
    [property: Id(5)] IReadOnlyList<Trigger> Reasons,
    [property: Id(6)] DateTimeOffset EnqueuedAt,
    [property: Id(7)] DateTimeOffset? DueAt,
    [property: Id(8)] string? AssignedTo,
    [property: Id(9)] Draft? Draft,
    [property: Id(10)] bool Breached)
{
    /// <summary>A conversation waiting for a person under <paramref name="escalation"/> (its id is the escalation's), optionally reserved for one agent.</summary>
    public static WorkItem Handoff(string conversationId, EscalationRecord escalation, string? assignedTo = null)
    {
        ArgumentNullException.ThrowIfNull(escalation);
        return new(escalation.Id, WorkKind.Handoff, conversationId, escalation.Queue, escalation.Priority, escalation.Reasons, escalation.At, escalation.DueAt, assignedTo, null, false);
    }

    /// <summary>A bot draft waiting in <paramref name="queue"/> for a reviewer since <paramref name="waitingSince"/> (its id is the draft's).</summary>
    public static WorkItem Review(string conversationId, string queue, Draft draft, DateTimeOffset waitingSince)
    {
        ArgumentNullException.ThrowIfNull(draft);
        return new(draft.Id, WorkKind.DraftReview, conversationId, queue, 0, [], waitingSince, null, null, draft, false);
    }
}
