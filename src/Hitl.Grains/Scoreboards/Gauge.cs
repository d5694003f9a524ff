namespace Hitl.Grains.Scoreboards;

/// <summary>The latest value of something measured now (a queue's waiting items, an agent being online), with its source's version.</summary>
[GenerateSerializer, Immutable, Alias("hitl.Gauge")]
public sealed record Gauge(
    [property: Id(0)] string Key,
    [property: Id(1)] int Value,
    [property: Id(2)] long Version);
