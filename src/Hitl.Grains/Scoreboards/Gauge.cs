namespace Hitl.Grains.Scoreboards;

/// <summary>The latest value of something measured now (a queue's waiting items, an agent being online), with its source's version.</summary>
[GenerateSerializer, Immutable, Alias("hitl.Gauge")]
public sealed record Gauge(
    [property: Id(0)] string Key,
    [property: Id(1)] int Value,
    [property: Id(2)] long Version)
{
    /// <summary>Keeps <paramref name="gauge"/> unless <paramref name="gauges"/> holds a newer version of it (reports from different silos may cross).</summary>
    public static void KeepNewest(Dictionary<string, Gauge> gauges, Gauge gauge)
    {
        ArgumentNullException.ThrowIfNull(gauges);
        ArgumentNullException.ThrowIfNull(gauge);
        if (!gauges.TryGetValue(gauge.Key, out var known) || known.Version < gauge.Version)
        {
            gauges[gauge.Key] = gauge;
        }
    }
}
