using Microsoft.Extensions.Logging;

namespace Hitl.Grains.Scoreboards;

/// <summary>
/// One per silo and tenant (a stateless worker with a single local activation): collects in
/// memory and flushes about once a second, so the scoreboard grain sees one call per silo per
/// second however many messages flow. A batch that fails to apply is kept and sent again; what a
/// silo collected in its last second is lost if that silo crashes.
/// </summary>
[StatelessWorker(1), Reentrant]
public sealed partial class ScoreboardFeedGrain(ILogger<ScoreboardFeedGrain> logger) : Grain, IScoreboardFeedGrain
{
    /// <summary>How often collected facts go to the scoreboard grain.</summary>
    public static readonly TimeSpan FlushPeriod = TimeSpan.FromSeconds(1);

    /// <summary>Past this many pending deltas (the scoreboard grain unreachable for long), the oldest are dropped and logged.</summary>
    public const int MaxPending = 100_000;

    private readonly List<ScoreboardDelta> _deltas = [];
    private readonly Dictionary<string, Gauge> _queues = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Gauge> _agents = new(StringComparer.Ordinal);
    private IGrainTimer? _timer;
    private Task _flushing = Task.CompletedTask;

    public Task RecordAsync(ScoreboardDelta delta)
    {
        ArgumentNullException.ThrowIfNull(delta);
        if (_deltas.Count >= MaxPending)
        {
            LogDropped(logger, this.GetPrimaryKeyString());
            _deltas.RemoveAt(0);
        }

        _deltas.Add(delta);
        Schedule();
        return Task.CompletedTask;
    }

    public Task QueueWaitingAsync(string queue, int waiting, long version)
    {
        Gauge.KeepNewest(_queues, new Gauge(queue, waiting, version));
        Schedule();
        return Task.CompletedTask;
    }

    public Task AgentPresenceAsync(string agentId, bool online, long version)
    {
        Gauge.KeepNewest(_agents, new Gauge(agentId, online ? 1 : 0, version));
        Schedule();
        return Task.CompletedTask;
    }

    public Task FlushAsync() => _flushing = FlushCoreAsync(_flushing);

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await FlushAsync();
    }

    private async Task FlushCoreAsync(Task previous)
    {
        await previous;
        if (_deltas.Count == 0 && _queues.Count == 0 && _agents.Count == 0)
        {
            return;
        }

        var batch = new ScoreboardBatch([.. _deltas], [.. _queues.Values], [.. _agents.Values]);
        _deltas.Clear();
        _queues.Clear();
        _agents.Clear();
        try
        {
            await GrainFactory.GetGrain<IScoreboardGrain>(this.GetPrimaryKeyString()).ApplyAsync(batch);
        }
        catch (Exception ex)
        {
            // Keep the facts for the next flush (newer gauges win over the returned ones).
            LogFlushFailed(logger, ex, this.GetPrimaryKeyString());
            _deltas.InsertRange(0, batch.Deltas);
            foreach (var gauge in batch.Queues)
            {
                Gauge.KeepNewest(_queues, gauge);
            }

            foreach (var gauge in batch.Agents)
            {
                Gauge.KeepNewest(_agents, gauge);
            }

            Schedule();
        }
    }

    private void Schedule() =>
        _timer ??= this.RegisterGrainTimer(
            async () =>
            {
                _timer?.Dispose();
                _timer = null;
                await FlushAsync();
            },
            new GrainTimerCreationOptions(FlushPeriod, Timeout.InfiniteTimeSpan) { Interleave = true, KeepAlive = true });

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending the scoreboard of tenant {Tenant} failed; the facts are kept for the next flush.")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception, string tenant);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The scoreboard of tenant {Tenant} has been unreachable for long: the oldest pending fact was dropped.")]
    private static partial void LogDropped(ILogger logger, string tenant);
}
