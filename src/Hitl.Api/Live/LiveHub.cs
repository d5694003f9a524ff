using System.Collections.Concurrent;
using System.Collections.Immutable;
using Hitl.Grains.Agents;
using Hitl.Grains.Common;
using Hitl.Grains.Conversations;
using Hitl.Grains.Live;
using Hitl.Grains.Queues;
using Hitl.Grains.Scoreboards;
using Microsoft.Extensions.Options;

namespace Hitl.Api.Live;

/// <summary>
/// One per API process: holds one Orleans observer subscription per watched queue, conversation,
/// agent or scoreboard, however many WebSocket subscribers watch it, and fans each event out to
/// their bounded buffers. Subscriptions are renewed every <see cref="LiveOptions.ResubscribeInterval"/>
/// (observers are not durable: a restarted silo or a reactivated grain forgets them), and a
/// renewal that finds a newer version than the last event seen sends watchers a catch-up. The
/// grain subscription ends when the last watcher leaves.
/// </summary>
public sealed partial class LiveHub(IGrainFactory grains, IOptions<LiveOptions> options, ILogger<LiveHub> logger)
    : ILiveObserver, IHostedService, IDisposable
{
    private readonly ConcurrentDictionary<string, ITopic> _topics = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private ILiveObserver? _reference;
    private Task _renewals = Task.CompletedTask;

    private interface ITopic
    {
        int Watchers { get; }

        Task RenewAsync(ILiveObserver observer);

        Task UnwatchAsync(ILiveObserver observer);

        /// <summary>Lets held notices through, in order, even though one before them never came.</summary>
        void SkipGap();
    }

    /// <summary>How many grains the hub watches now (one per topic, whatever the number of watchers).</summary>
    public int Topics => _topics.Count;

    /// <summary>How many subscriptions share the hub's one grain subscription to this queue (0: the hub does not watch it).</summary>
    public int QueueWatchers(string tenant, string queue) =>
        _topics.TryGetValue("q|" + GrainKeys.Scoped(tenant, queue), out var topic) ? topic.Watchers : 0;

    public Task<LiveSubscription<QueueChange>> WatchQueueAsync(string tenant, string queue)
    {
        var grain = grains.GetGrain<IQueueGrain>(GrainKeys.Scoped(tenant, queue));
        return JoinAsync(new LiveSource<QueueChange>(
            "q|" + GrainKeys.Scoped(tenant, queue),
            async (observer, known) =>
            {
                var view = await grain.WatchAsync(observer);
                IReadOnlyList<QueueChange> catchUp = view.Version > known
                    ? [new QueueChange(tenant, queue, view.Version, QueueChange.Snapshot, null, view.Waiting)]
                    : [];
                return (view.Version, catchUp);
            },
            grain.UnwatchAsync));
    }

    public Task<LiveSubscription<ConversationChange>> WatchConversationAsync(string tenant, string conversationId)
    {
        var grain = grains.Reference<IConversationGrain>(GrainKeys.Scoped(tenant, conversationId));
        return JoinAsync(new LiveSource<ConversationChange>(
            "c|" + GrainKeys.Scoped(tenant, conversationId),
            async (observer, known) =>
            {
                var view = await grain.WatchAsync(observer);
                IReadOnlyList<ConversationChange> catchUp = view is not null && view.Version > known
                    ? [new ConversationChange(tenant, conversationId, view.Version, ConversationEvents.Snapshot, null, view)]
                    : [];
                return (view?.Version ?? 0, catchUp);
            },
            grain.UnwatchAsync));
    }

    public Task<LiveSubscription<AssignmentChange>> WatchAssignmentsAsync(string tenant, string agentId)
    {
        var grain = grains.GetGrain<IAgentGrain>(GrainKeys.Scoped(tenant, agentId));
        return JoinAsync(new LiveSource<AssignmentChange>(
            "a|" + GrainKeys.Scoped(tenant, agentId),
            async (observer, known) =>
            {
                var view = await grain.WatchAsync(observer);

                // Missed changes: tell the work held now again (consoles key work items by id).
                IReadOnlyList<AssignmentChange> catchUp = view.Version > known
                    ? [.. view.Assignments.Select(item => new AssignmentChange(tenant, agentId, view.Version, item))]
                    : [];
                return (view.Version, catchUp);
            },
            grain.UnwatchAsync));
    }

    public Task<LiveSubscription<ScoreboardChange>> WatchScoreboardAsync(string tenant)
    {
        var grain = grains.GetGrain<IScoreboardGrain>(tenant);
        return JoinAsync(new LiveSource<ScoreboardChange>(
            "s|" + tenant,
            async (observer, known) =>
            {
                var version = await grain.WatchAsync(observer);
                IReadOnlyList<ScoreboardChange> catchUp = version > known ? [new ScoreboardChange(tenant, version)] : [];
                return (version, catchUp);
            },
            grain.UnwatchAsync));
    }

    Task ILiveObserver.OnQueueChangedAsync(LiveNotice<QueueChange> notice) =>
        Route(notice, c => "q|" + GrainKeys.Scoped(c.Tenant, c.Queue));

    Task ILiveObserver.OnConversationChangedAsync(LiveNotice<ConversationChange> notice) =>
        Route(notice, c => "c|" + GrainKeys.Scoped(c.Tenant, c.ConversationId));

    Task ILiveObserver.OnAssignmentAsync(LiveNotice<AssignmentChange> notice) =>
        Route(notice, c => "a|" + GrainKeys.Scoped(c.Tenant, c.AgentId));

    Task ILiveObserver.OnScoreboardChangedAsync(LiveNotice<ScoreboardChange> notice) =>
        Route(notice, c => "s|" + c.Tenant);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _renewals = RenewLoopAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _renewals.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_reference is { } reference)
        {
            await Task.WhenAll(_topics.Values.Select(t => Quietly(() => t.UnwatchAsync(reference))))
                .WaitAsync(cancellationToken)
                .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public void Dispose()
    {
        _stopping.Dispose();
        if (_reference is { } reference)
        {
            try
            {
                grains.DeleteObjectReference<ILiveObserver>(reference);
            }
            catch (Exception ex) when (ex is ObjectDisposedException or InvalidOperationException or ArgumentException)
            {
                // The Orleans client is gone already: nothing to delete.
            }
        }
    }

    /// <summary>
    /// Renews every subscription now; the hub does this on its own every <see cref="LiveOptions.ResubscribeInterval"/>.
    /// A renewal still unanswered after <see cref="LiveOptions.RenewalTimeout"/> is given up (a call sent to a silo
    /// that just died can wait for Orleans' response timeout), so one unreachable grain never holds up the others
    /// or the next round.
    /// </summary>
    public Task RenewAllAsync() =>
        Task.WhenAll(_topics.Values.Select(RenewQuietlyAsync));

    /// <summary>Joins the hub's one subscription to <paramref name="source"/>'s grain, subscribing first if nobody watches it yet.</summary>
    internal async Task<LiveSubscription<T>> JoinAsync<T>(LiveSource<T> source)
    {
        Topic<T> topic;
        LiveSubscription<T> subscription;
        Task ready;
        lock (_gate)
        {
            topic = _topics.TryGetValue(source.Key, out var existing) ? (Topic<T>)existing : new Topic<T>(source, this);
            _topics[source.Key] = topic;
            subscription = new LiveSubscription<T>(options.Value.SubscriberBuffer, s => Leave(topic, s));
            topic.Add(subscription);
            ready = topic.Ready ??= topic.FirstWatchAsync(Reference);
        }

        try
        {
            await ready;
        }
        catch
        {
            subscription.Dispose();
            throw;
        }

        return subscription;
    }

    private void Leave<T>(Topic<T> topic, LiveSubscription<T> subscription)
    {
        lock (_gate)
        {
            if (!topic.Remove(subscription) || _topics.TryGetValue(topic.Source.Key, out var current) && current != topic)
            {
                return;
            }

            _topics.TryRemove(topic.Source.Key, out _);
        }

        // The last watcher left: end the grain subscription (it would expire anyway). The hub has one observer, so a
        // watcher that joined meanwhile has a new topic whose watch the grain may take before this unwatch: watch again.
        _ = Quietly(async () =>
        {
            await topic.UnwatchAsync(Reference);
            if (_topics.TryGetValue(topic.Source.Key, out var joined) && joined != topic)
            {
                await RenewQuietlyAsync(joined);
            }
        });
    }

    private Task Route<T>(LiveNotice<T> notice, Func<T, string> keyOf)
    {
        if (notice.Changes.Count > 0 && _topics.TryGetValue(keyOf(notice.Changes[0]), out var topic) && topic is Topic<T> typed)
        {
            typed.Receive(notice);
        }

        return Task.CompletedTask;
    }

    /// <summary>A notice arrived ahead of an earlier one: give the earlier one a moment, then renew and move on.</summary>
    private async Task CloseGapAsync(ITopic topic)
    {
        try
        {
            await Task.Delay(options.Value.GapPatience, _stopping.Token);
            await RenewQuietlyAsync(topic);
            topic.SkipGap();
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            // Stopping.
        }
    }

    private int MaxHeldNotices => options.Value.MaxHeldNotices;

    private ILiveObserver Reference
    {
        get
        {
            if (_reference is null)
            {
                lock (_gate)
                {
                    _reference ??= grains.CreateObjectReference<ILiveObserver>(this);
                }
            }

            return _reference;
        }
    }

    private async Task RenewLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.Value.ResubscribeInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                if (!_topics.IsEmpty)
                {
                    await RenewAllAsync();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private async Task RenewQuietlyAsync(ITopic topic)
    {
        var renewal = Task.CompletedTask;
        try
        {
            renewal = topic.RenewAsync(Reference);
            await renewal.WaitAsync(options.Value.RenewalTimeout, _stopping.Token);
        }
        catch (TimeoutException)
        {
            // Given up: the next round tries again. The call may still end; its outcome is no longer awaited.
            LogRenewalGivenUp(logger, options.Value.RenewalTimeout);
            _ = renewal.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception ex)
        {
            LogRenewFailed(logger, ex);
        }
    }

    private async Task Quietly(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (Exception ex)
        {
            // The next renewal tries again.
            LogRenewFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A live subscription's renewal was not answered within {Timeout}; the next renewal tries again.")]
    private static partial void LogRenewalGivenUp(ILogger logger, TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing a live subscription failed; the next renewal tries again.")]
    private static partial void LogRenewFailed(ILogger logger, Exception exception);

    /// <summary>
    /// One watched grain: its watchers, and a <see cref="NoticeReorderBuffer{T}"/> that delivers the grain's notices to
    /// them in order. A notice whose predecessor has not come waits (for at most <see cref="LiveOptions.GapPatience"/>,
    /// then the hub renews and catches watchers up); too many waiting ones make the hub catch watchers up at once.
    /// </summary>
    private sealed class Topic<T> : ITopic
    {
        private readonly LiveHub _hub;
        private readonly NoticeReorderBuffer<T> _order;
        private ImmutableArray<LiveSubscription<T>> _subscribers = [];

        public Topic(LiveSource<T> source, LiveHub hub)
        {
            Source = source;
            _hub = hub;
            _order = new NoticeReorderBuffer<T>(hub.MaxHeldNotices, Publish);
        }

        public LiveSource<T> Source { get; }

        public int Watchers => _subscribers.Length;

        /// <summary>The first subscription to the grain; joiners wait on it.</summary>
        public Task? Ready { get; set; }

        public void Add(LiveSubscription<T> subscription) =>
            ImmutableInterlocked.Update(ref _subscribers, (list, s) => list.Add(s), subscription);

        public bool Remove(LiveSubscription<T> subscription)
        {
            ImmutableInterlocked.Update(ref _subscribers, (list, s) => list.Remove(s), subscription);
            return _subscribers.IsEmpty;
        }

        public async Task FirstWatchAsync(ILiveObserver observer)
        {
            try
            {
                var (version, _) = await Source.Watch(observer, long.MaxValue);
                _order.CatchUp(version, []);
            }
            catch
            {
                // Let the next joiner try again.
                lock (_hub._gate)
                {
                    Ready = null;
                }

                throw;
            }
        }

        public async Task RenewAsync(ILiveObserver observer)
        {
            var (version, catchUp) = await Source.Watch(observer, _order.Delivered);
            _order.CatchUp(version, catchUp);
        }

        public Task UnwatchAsync(ILiveObserver observer) => Source.Unwatch(observer);

        public void Receive(LiveNotice<T> notice)
        {
            switch (_order.Receive(notice))
            {
                case ReorderOutcome.GapOpened:
                    _ = _hub.CloseGapAsync(this);
                    break;
                case ReorderOutcome.Overflowed:
                    _ = _hub.RenewQuietlyAsync(this);
                    break;
            }
        }

        public void SkipGap() => _order.SkipGap();

        private void Publish(T change)
        {
            foreach (var subscriber in _subscribers)
            {
                subscriber.Deliver(change);
            }
        }
    }
}
