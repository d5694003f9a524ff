using Hitl.Grains.Queues;

namespace Hitl.Grains.Agents;

[GenerateSerializer, Alias("hitl.AgentState")]
public sealed class AgentState
{
    [Id(0)] public bool Known { get; set; }
    [Id(1)] public string? Name { get; set; }
    [Id(2)] public Presence Presence { get; set; } = Presence.Offline;
    [Id(3)] public int Capacity { get; set; } = AgentRules.DefaultCapacity;
    [Id(4)] public List<string> Queues { get; set; } = [];
    /// <summary>The work the agent holds (handoffs and reviews), in the order taken.</summary>
    [Id(5)] public List<WorkItem> Assignments { get; set; } = [];
    [Id(6)] public DateTimeOffset IdleSince { get; set; }
    [Id(7)] public DateTimeOffset? LastSeen { get; set; }
    /// <summary>Grows with every change.</summary>
    [Id(8)] public long Version { get; set; }
    /// <summary>The queues a manager granted (setAgentQueues); empty: no grant, the agent serves the tenant's default queue.</summary>
    [Id(9)] public List<string> Granted { get; set; } = [];
    /// <summary>The queues the agent chose among the granted ones (setPresence), or null when it never chose: then it serves them all.</summary>
    [Id(10)] public List<string>? Chosen { get; set; }
}
