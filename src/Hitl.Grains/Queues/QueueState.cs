namespace Hitl.Grains.Queues;

[GenerateSerializer, Alias("hitl.QueueState")]
public sealed class QueueState
{
    /// <summary>Waiting work by id.</summary>
    [Id(0)] public Dictionary<string, WorkItem> Items { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Grows by one with every change.</summary>
    [Id(1)] public long Version { get; set; }
}
