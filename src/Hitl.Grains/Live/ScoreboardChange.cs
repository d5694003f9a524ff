namespace Hitl.Grains.Live;

/// <summary>The tenant's scoreboard changed; watchers read the windows they show again.</summary>
[GenerateSerializer, Immutable, Alias("hitl.ScoreboardChange")]
public sealed record ScoreboardChange(
    [property: Id(0)] string Tenant,
    [property: Id(1)] long Version);
