namespace Hitl.Grains.Escalation;

/// <summary>One reason for an escalation with its evidence: the phrase, rule or topic, and the measured value.</summary>
[GenerateSerializer, Immutable, Alias("hitl.Trigger")]
public sealed record Trigger(
    [property: Id(0)] EscalationReason Reason,
    [property: Id(1)] string Detail,
    [property: Id(2)] double? Score);
