namespace Hitl.Grains.Scoreboards;

[GenerateSerializer, Alias("hitl.ScoreboardState")]
public sealed class ScoreboardState
{
    [Id(0)] public ScoreboardBuckets Buckets { get; set; } = new();

    /// <summary>Waiting items per queue, newest version wins.</summary>
    [Id(1)] public Dictionary<string, Gauge> Queues { get; set; } = new(StringComparer.Ordinal);

    /// <summary>1 for an ONLINE agent, 0 otherwise, newest version wins.</summary>
    [Id(2)] public Dictionary<string, Gauge> Agents { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Grows with every applied batch.</summary>
    [Id(3)] public long Version { get; set; }

    /// <summary>The batches applied most recently, so that one sent again is counted once.</summary>
    [Id(4)] public AppliedBatches Applied { get; set; } = new();
}
