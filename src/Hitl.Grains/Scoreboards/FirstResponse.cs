namespace Hitl.Grains.Scoreboards;

/// <summary>
/// One first-human-response sample: the seconds from an escalation to the first AGENT message
/// that answered it. Keyed by escalation so each sample is counted once.
/// </summary>
[GenerateSerializer, Immutable, Alias("hitl.FirstResponse")]
public sealed record FirstResponse(
    [property: Id(0)] string EscalationId,
    [property: Id(1)] double Seconds);
