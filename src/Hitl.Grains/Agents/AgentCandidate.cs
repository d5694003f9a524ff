namespace Hitl.Grains.Agents;

/// <summary>What the queue knows of an agent when it chooses whom to offer work to.</summary>
[GenerateSerializer, Immutable, Alias("hitl.AgentCandidate")]
public sealed record AgentCandidate(
    [property: Id(0)] string AgentId,
    [property: Id(1)] Presence Presence,
    [property: Id(2)] int Load,
    [property: Id(3)] int Capacity,
    [property: Id(4)] IReadOnlyList<string> Queues,
    [property: Id(5)] DateTimeOffset IdleSince)
{
    public bool HasFreeCapacity => Load < Capacity;
}
