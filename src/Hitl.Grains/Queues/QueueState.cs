namespace Hitl.Grains.Queues;

[GenerateSerializer, Alias("hitl.QueueState")]
public sealed class QueueState
{
    /// <summary>Waiting work by id.</summary>
    [Id(0)] public Dictionary<string, WorkItem> Items { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Grows by one with every change.</summary>
    [Id(1)] public long Version { get; set; }

    /// <summary>True once the tenant knows this queue exists.</summary>
    [Id(2)] public bool Registered { get; set; }

    /// <summary>Agents that said they serve this queue; automatic assignment chooses among them.</summary>
    [Id(3)] public HashSet<string> Roster { get; set; } = new(StringComparer.Ordinal);
}
