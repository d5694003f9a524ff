using Hitl.Grains.Agents;
using Hitl.Grains.Common;
using Hitl.Grains.Conversations;
using Hitl.Grains.Live;
using Hitl.Grains.Scoreboards;
using Hitl.Grains.Tenants;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hitl.Grains.Queues;

/// <summary>
/// Reentrant, so that it keeps serving enqueues, removals and reads while it waits on an agent or
/// a conversation during an assignment; items being offered are marked in flight so no item is
/// offered twice at once. The conversation decides: an assignment stands only when the
/// conversation accepted it.
/// <para>
/// Writes go through one <see cref="SerializedWriter"/>. Once a write failed, the in-memory state may hold
/// changes that were never stored: every later turn of this activation, including turns of calls that were
/// already waiting on an agent or a conversation, fails with UNAVAILABLE instead of serving it, and the
/// activation goes away (<see cref="StateWrites"/>).
/// </para>
/// </summary>
[Reentrant]
public sealed partial class QueueGrain(
    [PersistentState("queue", HitlStorage.Name)] IPersistentState<QueueState> state,
    TimeProvider time,
    ILogger<QueueGrain> logger) : Grain, IQueueGrain
{
    private readonly HashSet<string> _inFlight = new(StringComparer.Ordinal);
    private readonly LiveWatchers _watchers = new(logger);
    private SerializedWriter? _writer;
    private IGrainTimer? _pump;
    private string? _tenant;
    private string? _name;
    private int? _waitingCap;

    private enum Outcome
    {
        Assigned,
        AgentUnavailable,
        Stale,
    }

    private QueueState S => state.State;

    /// <summary>Interleaved turns must not write at once (each write carries the ETag of the one before).</summary>
    private SerializedWriter Writer => _writer ??= new(() => state.WriteStateAsync(), ex => StateWrites.Reset(this, logger, ex));

    private string Tenant => _tenant ??= GrainKeys.Split(this.GetPrimaryKeyString()).Tenant;

    private string Name => _name ??= GrainKeys.Split(this.GetPrimaryKeyString()).Id;

    public async Task EnqueueAsync(WorkItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        Writer.ThrowIfFailed();
        if (S.Items.ContainsKey(item.Id))
        {
            // Already here; acknowledged once the write that added it is stored.
            await Writer.FlushAsync();
            return;
        }

        EnsureRoom();
        if (!S.Registered)
        {
            await GrainFactory.GetGrain<ITenantGrain>(Tenant).RegisterQueueAsync(Name);
            Writer.ThrowIfFailed();
            S.Registered = true;

            // Other turns ran while the tenant answered: a concurrent enqueue of the same item may have added it.
            if (S.Items.ContainsKey(item.Id))
            {
                await Writer.FlushAsync();
                return;
            }
        }

        S.Items[item.Id] = item;
        var change = Change(QueueChange.Enqueued, item);
        await Writer.WriteAsync();
        Publish(change);
        SchedulePump();
    }

    public Task<bool> RemoveAsync(string itemId) => RemoveAsync(itemId, assignedTo: null);

    public Task<bool> HasRoomAsync() => Task.FromResult(S.Items.Count < WaitingCap);

    /// <summary>Admission (<see cref="ConversationLimits.WaitingItemsPerQueue"/>): a full queue takes no new item; the conversation's outbox offers it again later.</summary>
    private void EnsureRoom()
    {
        if (S.Items.Count >= WaitingCap)
        {
            throw HitlException.RateLimited($"Queue '{Name}' is full; try again later.");
        }
    }

    private int WaitingCap => _waitingCap ??= ServiceProvider.GetService<IOptions<ConversationLimits>>()?.Value.WaitingItemsPerQueue ?? new ConversationLimits().WaitingItemsPerQueue;

    private async Task<bool> RemoveAsync(string itemId, string? assignedTo)
    {
        Writer.ThrowIfFailed();
        if (!S.Items.Remove(itemId, out var removed))
        {
            return false;
        }

        var change = assignedTo is null
            ? Change(QueueChange.Removed, removed)
            : Change(QueueChange.Assigned, removed with { AssignedTo = assignedTo });
        await Writer.WriteAsync();
        Publish(change);
        return true;
    }

    public async Task<bool> MarkBreachedAsync(string itemId, int priority)
    {
        Writer.ThrowIfFailed();
        if (!S.Items.TryGetValue(itemId, out var item))
        {
            return false;
        }

        S.Items[itemId] = item with { Breached = true, Priority = priority };
        var change = Change(QueueChange.Breached, S.Items[itemId]);
        await Writer.WriteAsync();
        Publish(change);
        return true;
    }

    public async Task<WorkItem?> AssignAsync(string agentId, string? itemId)
    {
        Writer.ThrowIfFailed();
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
            Writer.ThrowIfFailed();
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
        Writer.ThrowIfFailed();
        if (S.Roster.Add(agentId))
        {
            await Writer.WriteAsync();
        }

        SchedulePump();
    }

    public async Task AgentLeftAsync(string agentId)
    {
        Writer.ThrowIfFailed();
        if (S.Roster.Remove(agentId))
        {
            await Writer.WriteAsync();
        }
    }

    public Task<IReadOnlyList<string>> GetRosterAsync()
    {
        Writer.ThrowIfFailed();
        return Task.FromResult<IReadOnlyList<string>>([.. S.Roster.Order(StringComparer.Ordinal)]);
    }

    public async Task<WorkItem> ReviewDraftAsync(string itemId, string reviewer, bool mayReviewWaiting, DraftDecision decision, string? text)
    {
        Writer.ThrowIfFailed();
        var agent = Agent(reviewer);
        var held = (await agent.GetAsync()).Assignments.FirstOrDefault(a => a.Id == itemId && a.Queue == Name);
        var item = held;
        if (item is null)
        {
            if (!S.Items.TryGetValue(itemId, out var waiting) || _inFlight.Contains(itemId))
            {
                throw HitlException.Conflict($"Work item '{itemId}' is not waiting for review: it was reviewed already, or someone else holds it.");
            }

            if (!mayReviewWaiting)
            {
                throw HitlException.Forbidden("Claim the review item before reviewing it.");
            }

            item = waiting;
        }

        if (item.Kind != WorkKind.DraftReview)
        {
            throw HitlException.BadInput("That work item is not a draft review.");
        }

        // A manager reviewing straight from the queue: the item is not offered to anyone meanwhile.
        if (held is null && !_inFlight.Add(itemId))
        {
            throw HitlException.Conflict($"Work item '{itemId}' is being assigned to someone else.");
        }

        try
        {
            var conversation = GrainFactory.GetGrain<IConversationGrain>(GrainKeys.Scoped(Tenant, item.ConversationId));
            try
            {
                await conversation.ReviewDraftAsync(itemId, decision, text, reviewer);
            }
            catch (HitlException ex) when (ex.Code is HitlErrorCodes.Conflict or HitlErrorCodes.NotFound)
            {
                // Reviewed already, replaced by a newer answer, or stale: the item is done either way.
                await FinishReviewAsync(held is null ? null : agent, itemId);
                throw;
            }

            await FinishReviewAsync(held is null ? null : agent, itemId);
            return item with { AssignedTo = reviewer };
        }
        finally
        {
            if (held is null)
            {
                _inFlight.Remove(itemId);
            }
        }
    }

    /// <summary>A reviewed (or stale) item: the reviewer's slot frees up and the item leaves the queue if it still waits here.</summary>
    private async Task FinishReviewAsync(IAgentGrain? holder, string itemId)
    {
        if (holder is not null)
        {
            await holder.ReleaseAsync(itemId);
        }

        await RemoveAsync(itemId);
    }

    public async Task<QueueView> WatchAsync(ILiveObserver observer)
    {
        var view = await GetAsync(0);
        _watchers.Watch(observer);
        return view;
    }

    public Task UnwatchAsync(ILiveObserver observer)
    {
        _watchers.Unwatch(observer);
        return Task.CompletedTask;
    }

    public Task<QueueView> GetAsync(int first)
    {
        Writer.ThrowIfFailed();
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
        if (Writer.Failed || S.Items.Count == 0 || S.Roster.Count == 0)
        {
            return;
        }

        try
        {
            var views = await Task.WhenAll(S.Roster.Select(id => Agent(id).GetAsync()));

            // An agent that no longer serves this queue, and whose leaving was not heard of, leaves now.
            var gone = views.Where(v => v.Presence == Presence.Offline || !v.Queues.Contains(Name, StringComparer.Ordinal)).Select(v => v.Id).ToList();
            if (gone.Count > 0 && !Writer.Failed)
            {
                S.Roster.ExceptWith(gone);
                await Writer.WriteAsync();
            }

            var candidates = views.Select(v => v.AsCandidate()).ToDictionary(c => c.AgentId, StringComparer.Ordinal);
            var exclude = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in Waiting())
            {
                if (Writer.Failed)
                {
                    // The activation is going away; the next one places what storage holds.
                    break;
                }

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

            if (Writer.Failed)
            {
                // A write failed while the agent answered: the item may never have been stored. Offer nothing.
                await agent.ReleaseAsync(item.Id);
                Writer.ThrowIfFailed();
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
            catch (Exception ex) when (ex is not HitlException || ex is HitlException { Code: HitlErrorCodes.Unavailable })
            {
                // The call failed, timed out or could not be stored, so the conversation may or may not have accepted:
                // ask it, and keep the reservation only if the agent owns the conversation now. If even that cannot be
                // told, the slot is freed (a stored assignment the agent then lacks is returned when it goes offline).
                bool accepted;
                try
                {
                    accepted = await AcceptedAsync(item, agentId);
                }
                catch (Exception)
                {
                    accepted = false;
                }

                if (!accepted)
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Automatic assignment in queue {Queue} failed; it tries again on the next change.")]
    private static partial void LogPumpFailed(ILogger logger, Exception exception, string queue);
}
