using Hitl.Grains.Queues;

namespace Hitl.Grains.Agents;

/// <summary>An agent as consoles and managers see it.</summary>
[GenerateSerializer, Immutable, Alias("hitl.AgentView")]
public sealed record AgentView(
    [property: Id(0)] string Id,
    [property: Id(1)] string? Name,
    [property: Id(2)] Presence Presence,
    [property: Id(3)] int Capacity,
    [property: Id(4)] IReadOnlyList<string> Queues,
    [property: Id(5)] IReadOnlyList<WorkItem> Assignments,
    [property: Id(6)] DateTimeOffset IdleSince,
    [property: Id(7)] DateTimeOffset? LastSeen,
    [property: Id(8)] long Version = 0,
    [property: Id(9)] IReadOnlyList<string>? Granted = null)
{
    public int Load => Assignments.Count;

    public AgentCandidate AsCandidate() => new(Id, Presence, Load, Capacity, Queues, IdleSince);
}
