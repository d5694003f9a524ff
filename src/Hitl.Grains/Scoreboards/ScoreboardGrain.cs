using Hitl.Grains.Common;
using Hitl.Grains.Live;
using Microsoft.Extensions.Logging;

namespace Hitl.Grains.Scoreboards;

public sealed class ScoreboardGrain(
    [PersistentState("scoreboard", HitlStorage.Name)] IPersistentState<ScoreboardState> state,
    TimeProvider time,
    ILogger<ScoreboardGrain> logger) : Grain, IScoreboardGrain
{
    private readonly LiveWatchers _watchers = new(logger);

    private ScoreboardState S => state.State;

    public async Task ApplyAsync(ScoreboardBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (!S.Applied.Add(batch.BatchId))
        {
            // Sent again after a call that timed out once the batch was stored: counted already.
            return;
        }

        var now = time.GetUtcNow();
        foreach (var delta in batch.Deltas)
        {
            S.Buckets.Apply(delta, now);
        }

        Newest(S.Queues, batch.Queues);
        Newest(S.Agents, batch.Agents);
        S.Version++;

        // Not acknowledged on failure: the activation reloads, and the pre-aggregator sends the same batch again.
        await state.WriteOrResetAsync(this, logger);

        var change = new ScoreboardChange(this.GetPrimaryKeyString(), S.Version);
        _watchers.Notify(change.Version, change.Version - 1, [change], (o, notice) => o.OnScoreboardChangedAsync(notice));
    }

    public Task<ScoreboardView> GetAsync(ScoreWindow window)
    {
        var now = time.GetUtcNow();
        var (from, counts) = S.Buckets.Sum(window, now);
        var waiting = S.Queues.Values.Sum(g => g.Value);
        var online = S.Agents.Values.Count(g => g.Value > 0);
        return Task.FromResult(ScoreboardFormulas.Compute(window, from, now, counts, waiting, online, S.Version));
    }

    public Task<long> WatchAsync(ILiveObserver observer)
    {
        _watchers.Watch(observer);
        return Task.FromResult(S.Version);
    }

    public Task UnwatchAsync(ILiveObserver observer)
    {
        _watchers.Unwatch(observer);
        return Task.CompletedTask;
    }

    private static void Newest(Dictionary<string, Gauge> gauges, IReadOnlyList<Gauge> reported)
    {
        foreach (var gauge in reported)
        {
            Gauge.KeepNewest(gauges, gauge);
        }
    }
}
