namespace Hitl.Grains.Scoreboards;

/// <summary>
/// What one pre-aggregator collected between two flushes: the conversations' deltas and the newest gauges.
/// <see cref="BatchId"/> is unique per batch and kept when the batch is sent again, so the board counts it once.
/// </summary>
[GenerateSerializer, Immutable, Alias("hitl.ScoreboardBatch")]
public sealed record ScoreboardBatch(
    [property: Id(3)] string BatchId,
    [property: Id(0)] IReadOnlyList<ScoreboardDelta> Deltas,
    [property: Id(1)] IReadOnlyList<Gauge> Queues,
    [property: Id(2)] IReadOnlyList<Gauge> Agents);
