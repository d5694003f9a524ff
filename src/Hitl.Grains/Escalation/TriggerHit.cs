namespace Hitl.Grains.Escalation;

/// <summary>
/// One trigger that fired: the reason with its evidence, the queue it routes to (null: the
/// tenant's default queue) and how urgent it is (higher is more urgent).
/// </summary>
public sealed record TriggerHit(Trigger Trigger, string? Queue, int Priority);
