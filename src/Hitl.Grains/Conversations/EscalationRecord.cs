using Hitl.Grains.Escalation;

namespace Hitl.Grains.Conversations;

/// <summary>One escalation of a conversation: why, where to, how urgent, and its SLA.</summary>
[GenerateSerializer, Immutable, Alias("hitl.EscalationRecord")]
public sealed record EscalationRecord(
    [property: Id(0)] string Id,
    [property: Id(1)] IReadOnlyList<Trigger> Reasons,
    [property: Id(2)] string Queue,
    [property: Id(3)] int Priority,
    [property: Id(4)] DateTimeOffset At,
    [property: Id(5)] DateTimeOffset? DueAt,
    [property: Id(6)] DateTimeOffset? FirstHumanResponseAt,
    [property: Id(7)] DateTimeOffset? ClosedAt,
    [property: Id(8)] bool Breached = false);
