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
    [property: Id(10)] bool Breached);
