using Hitl.Grains.Live;

namespace Hitl.Grains.Scoreboards;

/// <summary>
/// The tenant's one board for the bot team and the support team: time-bucketed counters and
/// response-time histograms, fed once a second by each silo's pre-aggregator (never once per
/// message). Key: tenant id.
/// </summary>
[Alias("hitl.IScoreboardGrain")]
public interface IScoreboardGrain : IGrainWithStringKey
{
    /// <summary>Adds what a silo's pre-aggregator collected since its last flush.</summary>
    [Alias("Apply")]
    Task ApplyAsync(ScoreboardBatch batch);

    /// <summary>The board for <paramref name="window"/>, ending now.</summary>
    [Alias("Get"), ReadOnly]
    Task<ScoreboardView> GetAsync(ScoreWindow window);

    /// <summary>Starts (or renews) watching the board; answers its version now.</summary>
    [Alias("Watch"), AlwaysInterleave]
    Task<long> WatchAsync(ILiveObserver observer);

    [Alias("Unwatch"), AlwaysInterleave]
    Task UnwatchAsync(ILiveObserver observer);
}
