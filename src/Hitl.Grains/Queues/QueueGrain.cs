using Hitl.Grains.Agents;
using Hitl.Grains.Common;
using Hitl.Grains.Conversations;
using Hitl.Grains.Live;
using Hitl.Grains.Scoreboards;
using Hitl.Grains.Tenants;
using Microsoft.Extensions.Logging;

namespace Hitl.Grains.Queues;

/// <summary>
/// Reentrant, so that it keeps serving enqueues, removals and reads while it waits on an agent or
/// a conversation during an assignment; items being offered are marked in flight so no item is
/// offered twice at once. The conversation decides: an assignment stands only when the
/// conversation accepted it.
/// </summary>
[Reentrant]
public sealed partial class QueueGrain(
    [PersistentState("queue", HitlStorage.Name)] IPersistentState<QueueState> state,
    TimeProvider time,
    ILogger<QueueGrain> logger) : Grain, IQueueGrain
{
    private readonly HashSet<string> _inFlight = new(StringComparer.Ordinal);
    private readonly LiveWatchers _watchers = new(logger);

    // Interleaved turns must not write at once (each write carries the ETag of the one before): writes queue up here.
    private Task _lastWrite = Task.CompletedTask;

    // Set when a write failed: the changes queued behind it were made on top of one that was undone, so none of
    // them is written (a version number is never handed out twice), and the activation goes away.
    private bool _writeFailed;
    private IGrainTimer? _pump;
    private string? _tenant;
    private string? _name;

    private enum Outcome
    {
        Assigned,
        AgentUnavailable,
        Stale,
    }

    private QueueState S => state.State;

    private string Tenant => _tenant ??= GrainKeys.Split(this.GetPrimaryKeyString()).Tenant;

    private string Name => _name ??= GrainKeys.Split(this.GetPrimaryKeyString()).Id;

    public async Task EnqueueAsync(WorkItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (S.Items.ContainsKey(item.Id))
        {
            return;
        }

        if (!S.Registered)
        {
            await GrainFactory.GetGrain<ITenantGrain>(Tenant).RegisterQueueAsync(Name);
            S.Registered = true;
        }

        S.Items[item.Id] = item;
        var change = Change(QueueChange.Enqueued, item);
        await PersistAsync(() =>
        {
            S.Items.Remove(item.Id);
            S.Version--;
        });
        Publish(change);
        SchedulePump();
    }

    public Task<bool> RemoveAsync(string itemId) => RemoveAsync(itemId, assignedTo: null);

    private async Task<bool> RemoveAsync(string itemId, string? assignedTo)
    {
        if (!S.Items.Remove(itemId, out var removed))
        {
            return false;
        }

        var change = assignedTo is null
            ? Change(QueueChange.Removed, removed)
            : Change(QueueChange.Assigned, removed with { AssignedTo = assignedTo });
        await PersistAsync(() =>
        {
            S.Items[itemId] = removed;
            S.Version--;
        });
        Publish(change);
        return true;
    }

    public async Task<bool> MarkBreachedAsync(string itemId, int priority)
    {
        if (!S.Items.TryGetValue(itemId, out var item))
        {
            return false;
        }

        S.Items[itemId] = item with { Breached = true, Priority = priority };
        var change = Change(QueueChange.Breached, S.Items[itemId]);
        await PersistAsync(() =>
        {
            S.Items[itemId] = item;
            S.Version--;
        });
        Publish(change);
        return true;
    }

    public async Task<WorkItem?> AssignAsync(string agentId, string? itemId)
    {
        if (itemId is not null)
        {
            if (!S.Items.TryGetValue(itemId, out var claimed) || _inFlight.Contains(itemId))
            {
                throw HitlException.Conflict($"Work item '{itemId}' is not waiting in queue '{Name}': someone else has it, or it is done.");
            }

            var (outcome, assigned) = await OfferAsync(claimed, agentId, requireOnline: false);
            return outcome switch
            {
                Outcome.Assigned => assigned,
                Outcome.AgentUnavailable => throw HitlException.Conflict("The agent is offline or at capacity."),
                _ => throw HitlException.Conflict($"Work item '{itemId}' is no longer waiting."),
            };
        }

        foreach (var item in Waiting())
        {
            var (outcome, assigned) = await OfferAsync(item, agentId, requireOnline: false);
            if (outcome == Outcome.Assigned)
            {
                return assigned;
            }

            if (outcome == Outcome.AgentUnavailable)
            {
                return null;
            }
        }

        return null;
    }

    public async Task AgentAvailableAsync(string agentId)
    {
        if (S.Roster.Add(agentId))
        {
            await PersistAsync(() => S.Roster.Remove(agentId));
        }

        SchedulePump();
    }

    public async Task<QueueView> WatchAsync(ILiveObserver observer)
    {
        _watchers.Watch(observer);
        return await GetAsync(0);
    }

    public Task UnwatchAsync(ILiveObserver observer)
    {
        _watchers.Unwatch(observer);
        return Task.CompletedTask;
    }

    public Task<QueueView> GetAsync(int first)
    {
        var ordered = S.Items.Values.Order(QueueOrdering.Instance).ToList();
        double? oldest = ordered.Count == 0 ? null : (time.GetUtcNow() - ordered.Min(i => i.EnqueuedAt)).TotalSeconds;
        var view = new QueueView(
            Name,
            ordered.Count,
            oldest is { } seconds ? Math.Max(0, seconds) : null,
            [.. ordered.Take(Math.Max(0, first))],
            S.Version);
        return Task.FromResult(view);
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Work may have waited while the queue was not active: try to place it.
        if (S.Items.Count > 0 && S.Roster.Count > 0)
        {
            SchedulePump();
        }

        return Task.CompletedTask;
    }

    private List<WorkItem> Waiting() =>
        [.. S.Items.Values.Where(i => !_inFlight.Contains(i.Id)).Order(QueueOrdering.Instance)];

    /// <summary>Automatic assignment runs on its own turn, never inside the caller's (an enqueueing conversation must not wait on itself).</summary>
    private void SchedulePump() =>
        _pump ??= this.RegisterGrainTimer(PumpAsync, new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { Interleave = true });

    private async Task PumpAsync()
    {
        _pump?.Dispose();
        _pump = null;
        if (S.Items.Count == 0 || S.Roster.Count == 0)
        {
            return;
        }

        try
        {
            var views = await Task.WhenAll(S.Roster.Select(id => Agent(id).GetAsync()));
            var candidates = views.Select(v => v.AsCandidate()).ToDictionary(c => c.AgentId, StringComparer.Ordinal);
            var exclude = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in Waiting())
            {
                var agent = AssignmentChooser.Choose(candidates.Values, Name, exclude);
                if (agent is null)
                {
                    break;
                }

                var (outcome, _) = await OfferAsync(item, agent.AgentId, requireOnline: true);
                if (outcome == Outcome.Assigned)
                {
                    candidates[agent.AgentId] = agent with { Load = agent.Load + 1 };
                }
                else if (outcome == Outcome.AgentUnavailable)
                {
                    exclude.Add(agent.AgentId);
                }
            }
        }
        catch (Exception ex)
        {
            // The next enqueue, agent change or activation tries again.
            LogPumpFailed(logger, ex, this.GetPrimaryKeyString());
        }
    }

    /// <summary>Reserve a slot with the agent, then ask the conversation, the single writer of ownership.</summary>
    private async Task<(Outcome Outcome, WorkItem? Item)> OfferAsync(WorkItem item, string agentId, bool requireOnline)
    {
        if (!_inFlight.Add(item.Id))
        {
            return (Outcome.Stale, null);
        }

        try
        {
            var agent = Agent(agentId);
            if (!await agent.TryReserveAsync(item, requireOnline))
            {
                return (Outcome.AgentUnavailable, null);
            }

            try
            {
                var conversation = GrainFactory.GetGrain<IConversationGrain>(GrainKeys.Scoped(Tenant, item.ConversationId));
                if (item.Kind == WorkKind.DraftReview)
                {
                    await conversation.AcceptReviewAsync(item.Id);
                }
                else
                {
                    await conversation.AcceptAssignmentAsync(item.Id, agentId);
                }
            }
            catch (HitlException ex) when (ex.Code is HitlErrorCodes.Conflict or HitlErrorCodes.NotFound)
            {
                // The conversation no longer waits on this item: free the slot and drop the item.
                await agent.ReleaseAsync(item.Id);
                await RemoveAsync(item.Id);
                return (Outcome.Stale, null);
            }
            catch (Exception ex) when (ex is not HitlException)
            {
                // The call failed or timed out, so the conversation may or may not have accepted:
                // ask it, and keep the reservation only if the agent owns the conversation now.
                if (!await AcceptedAsync(item, agentId))
                {
                    await agent.ReleaseAsync(item.Id);
                    throw;
                }
            }

            // Ownership is durable now: the agent's console hears of it without waiting for the queue's own write.
            agent.AssignedAsync(item.Id).Ignore();
            await RemoveAsync(item.Id, agentId);
            return (Outcome.Assigned, item with { AssignedTo = agentId });
        }
        finally
        {
            _inFlight.Remove(item.Id);
        }
    }

    private async Task<bool> AcceptedAsync(WorkItem item, string agentId)
    {
        if (item.Kind == WorkKind.DraftReview)
        {
            return false;
        }

        var view = await GrainFactory.GetGrain<IConversationGrain>(GrainKeys.Scoped(Tenant, item.ConversationId)).GetAsync();
        return view is { Status: ConversationStatus.Human } && view.Owner.AgentId == agentId && view.Escalation?.Id == item.Id;
    }

    /// <summary>Counts the change (the version grows by one) and describes it, before it is written.</summary>
    private QueueChange Change(string kind, WorkItem item) => new(Tenant, Name, ++S.Version, kind, item, S.Items.Count);

    /// <summary>Tells watchers and the scoreboard, once the change is durable.</summary>
    private void Publish(QueueChange change)
    {
        _watchers.Notify(change.Version, change.Version - 1, [change], (o, notice) => o.OnQueueChangedAsync(notice));
        GrainFactory.GetGrain<IScoreboardFeedGrain>(Tenant).QueueWaitingAsync(Name, change.Waiting, change.Version).Ignore();
    }

    private IAgentGrain Agent(string agentId) => GrainFactory.GetGrain<IAgentGrain>(GrainKeys.Scoped(Tenant, agentId));

    private async Task PersistAsync(Action undo)
    {
        var previous = _lastWrite;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _lastWrite = done.Task;
        try
        {
            await previous;
            if (_writeFailed)
            {
                throw HitlException.Unavailable($"Queue '{Name}' is reloading after a failed write; try again.");
            }

            await state.WriteStateAsync();
        }
        catch
        {
            // Not acknowledged: undo in memory, and reload from storage on the next activation.
            _writeFailed = true;
            undo();
            DeactivateOnIdle();
            throw;
        }
        finally
        {
            done.SetResult();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Automatic assignment in queue {Queue} failed; it tries again on the next change.")]
    private static partial void LogPumpFailed(ILogger logger, Exception exception, string queue);
}
