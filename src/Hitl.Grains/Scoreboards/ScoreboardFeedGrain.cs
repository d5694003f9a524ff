using Hitl.Grains.Common;
using Microsoft.Extensions.Logging;

namespace Hitl.Grains.Scoreboards;

/// <summary>
/// One per silo and tenant (a stateless worker with a single local activation): collects in
/// memory and flushes about once a second, so the scoreboard grain sees one call per silo per
/// second however many messages flow. A batch that fails to apply is kept and sent again as it was, with
/// its id, before anything newer (the board counts a batch id once, so a call that timed out after the
/// board stored it is not counted twice); what a silo collected in its last second is lost if that
/// silo crashes.
/// </summary>
[StatelessWorker(1), Reentrant]
public sealed partial class ScoreboardFeedGrain(ILogger<ScoreboardFeedGrain> logger) : Grain, IScoreboardFeedGrain
{
    /// <summary>How often collected facts go to the scoreboard grain.</summary>
    public static readonly TimeSpan FlushPeriod = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Past this many pending deltas (the scoreboard grain unreachable for long), the oldest are dropped and logged.
    /// The one batch waiting to be sent again holds at most as many more.
    /// </summary>
    public const int MaxPending = 100_000;

    private readonly Queue<ScoreboardDelta> _deltas = new();
    private readonly Dictionary<string, Gauge> _queues = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Gauge> _agents = new(StringComparer.Ordinal);
    private IGrainTimer? _timer;
    private Task _flushing = Task.CompletedTask;

    /// <summary>The batch whose apply failed (or timed out): sent again, unchanged, before anything newer.</summary>
    private ScoreboardBatch? _unsent;

    public Task RecordAsync(ScoreboardDelta delta)
    {
        ArgumentNullException.ThrowIfNull(delta);
        if (_deltas.Count >= MaxPending)
        {
            LogDropped(logger, this.GetPrimaryKeyString());
            _deltas.Dequeue();
        }

        _deltas.Enqueue(delta);
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
        var board = GrainFactory.GetGrain<IScoreboardGrain>(this.GetPrimaryKeyString());
        try
        {
            if (_unsent is { } again)
            {
                await board.ApplyAsync(again);
                _unsent = null;
            }

            if (_deltas.Count == 0 && _queues.Count == 0 && _agents.Count == 0)
            {
                return;
            }

            _unsent = new ScoreboardBatch(Ids.New("b_"), [.. _deltas], [.. _queues.Values], [.. _agents.Values]);
            _deltas.Clear();
            _queues.Clear();
            _agents.Clear();
            await board.ApplyAsync(_unsent);
            _unsent = null;
        }
        catch (Exception ex)
        {
            // Keep the batch as it is for the next flush (the board may have stored it: the same id is counted once).
            LogFlushFailed(logger, ex, this.GetPrimaryKeyString());
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
