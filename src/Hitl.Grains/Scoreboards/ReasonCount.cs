using Hitl.Grains.Escalation;

namespace Hitl.Grains.Scoreboards;

/// <summary>How many conversations of the cohort escalated for one reason (a conversation counts once per reason).</summary>
[GenerateSerializer, Immutable, Alias("hitl.ReasonCount")]
public sealed record ReasonCount(
    [property: Id(0)] EscalationReason Reason,
    [property: Id(1)] long Count);
