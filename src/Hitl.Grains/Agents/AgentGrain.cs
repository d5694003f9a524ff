using Hitl.Grains.Common;
using Hitl.Grains.Conversations;
using Hitl.Grains.Live;
using Hitl.Grains.Queues;
using Hitl.Grains.Scoreboards;
using Hitl.Grains.Tenants;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hitl.Grains.Agents;

/// <summary>
/// An agent's presence, capacity, queues and assignments. A heartbeat (setPresence that changes nothing) only
/// refreshes when the agent was last seen, in memory: it neither writes the state nor touches the presence
/// reminder. The stored <see cref="AgentState.LastSeen"/> is therefore the time of the last change, and an
/// activation that did not see the agent's heartbeats (the silo restarted, the reminder woke it) counts its own
/// start as a sighting: the agent gets one more <see cref="AgentOptions.PresenceTimeout"/> to be heard from
/// before it goes OFFLINE, so a silent agent goes OFFLINE at most one timeout (plus a reminder period) late, and
/// one whose console still beats never goes OFFLINE wrongly.
/// </summary>
public sealed class AgentGrain(
    [PersistentState("agent", HitlStorage.Name)] IPersistentState<AgentState> state,
    IOptions<AgentOptions> options,
    TenantPolicyCache policies,
    TimeProvider time,
    ILogger<AgentGrain> logger) : Grain, IAgentGrain, IRemindable
{
    /// <summary>The reminder that sends an agent OFFLINE when its presence lapses.</summary>
    public const string PresenceReminder = "presence";

    private readonly LiveWatchers _watchers = new(logger);

    /// <summary>When this activation last heard from the agent (the stored value until a heartbeat arrives).</summary>
    private DateTimeOffset? _lastSeen;

    /// <summary>When this activation started; the presence timeout is never counted from before it.</summary>
    private DateTimeOffset _activatedAt;

    /// <summary>True once this activation registered the presence reminder.</summary>
    private bool _reminderRegistered;

    private AgentState S => state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _lastSeen = S.LastSeen;
        _activatedAt = time.GetUtcNow();
        return Task.CompletedTask;
    }

    public async Task<AgentView> IntroduceAsync(string? name)
    {
        var nextName = AgentRules.IsDisplayName(name) ? name!.Trim() : S.Name;
        if (S.Known && nextName == S.Name)
        {
            return await GetAsync();
        }

        if (!S.Known)
        {
            await RegisterAsync(time.GetUtcNow());
        }

        S.Name = nextName;
        await PersistAsync();
        return await GetAsync();
    }

    public async Task<AgentView> SetPresenceAsync(Presence presence, int? capacity, IReadOnlyList<string>? queues, string? name = null)
    {
        AgentRules.Validate(capacity, queues, S.Assignments.Count);
        var allowed = await AllowedQueuesAsync();
        var chosen = queues?.Distinct(StringComparer.Ordinal).ToList();
        if (chosen?.Find(q => !allowed.Contains(q, StringComparer.Ordinal)) is { } refused)
        {
            throw HitlException.BadInput($"Queue '{refused}' is not granted to this agent; it may serve: {string.Join(", ", allowed)}.");
        }

        var now = time.GetUtcNow();
        var nextChosen = chosen ?? S.Chosen;
        var served = AgentRules.Served(allowed, nextChosen);
        var nextName = AgentRules.IsDisplayName(name) ? name!.Trim() : S.Name;
        if (S.Known
            && presence == S.Presence
            && (capacity ?? S.Capacity) == S.Capacity
            && served.SequenceEqual(S.Queues, StringComparer.Ordinal)
            && SameChoice(nextChosen, S.Chosen)
            && nextName == S.Name)
        {
            return await HeartbeatAsync(now);
        }

        if (!S.Known)
        {
            await RegisterAsync(now);
        }

        var left = S.Queues.Except(presence == Presence.Offline ? [] : served, StringComparer.Ordinal).ToList();
        S.Presence = presence;
        S.Capacity = capacity ?? S.Capacity;
        S.Chosen = nextChosen;
        S.Queues = served;
        S.Name = nextName;
        var reviews = presence == Presence.Offline ? TakeBackReviews(now) : [];
        _lastSeen = now;
        await PersistAsync();
        LeaveQueues(left);
        NotifyQueues();
        if (presence != Presence.Offline)
        {
            await RegisterPresenceReminderAsync();
        }
        else
        {
            ReturnReviews(reviews);
            await ReturnUnansweredAsync();
            if (await this.GetReminder(PresenceReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            _reminderRegistered = false;
        }

        return View();
    }

    public async Task<AgentView> SetGrantedQueuesAsync(IReadOnlyList<string> queues)
    {
        ArgumentNullException.ThrowIfNull(queues);
        AgentRules.Validate(null, queues, S.Assignments.Count);
        var granted = queues.Distinct(StringComparer.Ordinal).ToList();
        var (tenant, _) = GrainKeys.Split(this.GetPrimaryKeyString());
        var tenantGrain = GrainFactory.GetGrain<ITenantGrain>(tenant);

        // Granting a new name is how a manager creates a queue: the tenant lists it from now on.
        foreach (var queue in granted)
        {
            await tenantGrain.RegisterQueueAsync(queue);
        }

        var now = time.GetUtcNow();
        if (!S.Known)
        {
            await RegisterAsync(now);
        }

        var allowed = granted.Count > 0 ? granted : [await DefaultQueueAsync()];
        if (S.Chosen is { Count: > 0 } chosen && !chosen.Exists(q => allowed.Contains(q, StringComparer.Ordinal)))
        {
            // Nothing the agent chose is granted any more: it serves what it is granted until it chooses again.
            S.Chosen = null;
        }

        var served = AgentRules.Served(allowed, S.Chosen);
        var left = S.Queues.Except(served, StringComparer.Ordinal).ToList();
        S.Granted = granted;
        S.Queues = served;
        await PersistAsync();
        LeaveQueues(left);
        NotifyQueues();
        return View();
    }

    /// <summary>The queues this agent may serve: the granted ones, or the tenant's default queue without a grant.</summary>
    private async Task<IReadOnlyList<string>> AllowedQueuesAsync() =>
        S.Granted.Count > 0 ? S.Granted : [await DefaultQueueAsync()];

    private async Task<string> DefaultQueueAsync()
    {
        var (tenant, _) = GrainKeys.Split(this.GetPrimaryKeyString());
        try
        {
            return (await policies.GetAsync(tenant)).DefaultQueue;
        }
        catch (HitlException ex) when (ex.Code == HitlErrorCodes.NotFound)
        {
            // A tenant that was never created has no policy of its own: the default one applies.
            return Policy.Default.DefaultQueue;
        }
    }

    private static bool SameChoice(List<string>? a, List<string>? b) =>
        a is null ? b is null : b is not null && a.SequenceEqual(b, StringComparer.Ordinal);

    /// <summary>The first time the agent is heard of (it sets its presence, or a manager grants it queues): the tenant lists it.</summary>
    private async Task RegisterAsync(DateTimeOffset now)
    {
        var (tenant, id) = GrainKeys.Split(this.GetPrimaryKeyString());
        await GrainFactory.GetGrain<ITenantGrain>(tenant).RegisterAgentAsync(id);
        S.Known = true;
        S.IdleSince = now;
    }

    /// <summary>The agent is still here and changed nothing: remember when, in memory only.</summary>
    private async Task<AgentView> HeartbeatAsync(DateTimeOffset now)
    {
        _lastSeen = now;
        if (S.Presence == Presence.Offline)
        {
            // As before: an OFFLINE agent saying so again sends its unanswered work back once more (one-way, idempotent).
            await ReturnUnansweredAsync();
        }
        else
        {
            NotifyQueues();
            var (tenant, id) = GrainKeys.Split(this.GetPrimaryKeyString());
            GrainFactory.GetGrain<IScoreboardFeedGrain>(tenant).AgentPresenceAsync(id, S.Presence == Presence.Online, S.Version).Ignore();
            if (!_reminderRegistered)
            {
                // Once per activation: the reminder may be missing if registering it failed after the last change was stored.
                await RegisterPresenceReminderAsync();
            }
        }

        return View();
    }

    /// <summary>Durable: a lapse is noticed even if the agent's console and this activation are gone.</summary>
    private async Task RegisterPresenceReminderAsync()
    {
        await this.RegisterOrUpdateReminder(PresenceReminder, options.Value.PresenceTimeout, TimeSpan.FromMinutes(1));
        _reminderRegistered = true;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != PresenceReminder)
        {
            return;
        }

        var seen = _lastSeen is { } last && last > _activatedAt ? last : _activatedAt;
        if (S.Presence != Presence.Offline && time.GetUtcNow() - seen >= options.Value.PresenceTimeout)
        {
            S.Presence = Presence.Offline;
            var reviews = TakeBackReviews(time.GetUtcNow());
            await PersistAsync();
            LeaveQueues(S.Queues);
            ReturnReviews(reviews);
            await ReturnUnansweredAsync();
        }

        if (S.Presence == Presence.Offline && await this.GetReminder(PresenceReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
            _reminderRegistered = false;
        }
    }

    /// <summary>
    /// Conversations this agent has not answered yet go back to their queues (one-way: the
    /// conversation frees the slot itself, so the two grains never wait on each other).
    /// </summary>
    private Task ReturnUnansweredAsync()
    {
        var (tenant, id) = GrainKeys.Split(this.GetPrimaryKeyString());
        foreach (var item in S.Assignments.Where(a => a.Kind == WorkKind.Handoff))
        {
            _ = GrainFactory.GetGrain<IConversationGrain>(GrainKeys.Scoped(tenant, item.ConversationId)).ReturnToQueueAsync(item.Id, id);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Drafts held for review go back when the agent goes OFFLINE: the slots free at once (in the change being
    /// written), and <see cref="ReturnReviews"/> asks each conversation to queue its draft again.
    /// </summary>
    private List<WorkItem> TakeBackReviews(DateTimeOffset now)
    {
        var reviews = S.Assignments.Where(a => a.Kind == WorkKind.DraftReview).ToList();
        if (reviews.Count > 0)
        {
            S.Assignments.RemoveAll(a => a.Kind == WorkKind.DraftReview);
            if (S.Assignments.Count == 0)
            {
                S.IdleSince = now;
            }
        }

        return reviews;
    }

    /// <summary>One-way, once the release is stored: a draft still pending waits in the review queue again; a stale one is dropped there.</summary>
    private void ReturnReviews(List<WorkItem> reviews)
    {
        var (tenant, _) = GrainKeys.Split(this.GetPrimaryKeyString());
        foreach (var item in reviews)
        {
            GrainFactory.GetGrain<IConversationGrain>(GrainKeys.Scoped(tenant, item.ConversationId)).ReturnReviewAsync(item.Id).Ignore();
        }
    }

    /// <summary>The agent no longer serves these queues (un-granted, un-chosen, or OFFLINE): it leaves their rosters (one-way).</summary>
    private void LeaveQueues(IEnumerable<string> queues)
    {
        var (tenant, id) = GrainKeys.Split(this.GetPrimaryKeyString());
        foreach (var queue in queues)
        {
            GrainFactory.GetGrain<IQueueGrain>(GrainKeys.Scoped(tenant, queue)).AgentLeftAsync(id).Ignore();
        }
    }

    public Task<AgentView> GetAsync() => Task.FromResult(View());

    public Task AssignedAsync(string workItemId)
    {
        if (S.Assignments.Find(a => a.Id == workItemId) is { } item)
        {
            var (tenant, id) = GrainKeys.Split(this.GetPrimaryKeyString());
            var change = new AssignmentChange(tenant, id, S.Version, item);
            _watchers.Notify(change.Version, change.Version - 1, [change], (o, notice) => o.OnAssignmentAsync(notice));
        }

        return Task.CompletedTask;
    }

    public Task<AgentView> WatchAsync(ILiveObserver observer)
    {
        _watchers.Watch(observer);
        return Task.FromResult(View());
    }

    public Task UnwatchAsync(ILiveObserver observer)
    {
        _watchers.Unwatch(observer);
        return Task.CompletedTask;
    }

    public async Task<bool> TryReserveAsync(WorkItem item, bool requireOnline)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (S.Assignments.Exists(a => a.Id == item.Id))
        {
            return true;
        }

        var available = S.Presence == Presence.Online || (!requireOnline && S.Presence == Presence.Away);
        if (!available || S.Assignments.Count >= S.Capacity)
        {
            return false;
        }

        S.Assignments.Add(item with { AssignedTo = GrainKeys.Split(this.GetPrimaryKeyString()).Id });
        await PersistAsync();
        return true;
    }

    public async Task ReleaseAsync(string workItemId)
    {
        if (S.Assignments.RemoveAll(a => a.Id == workItemId) == 0)
        {
            return;
        }

        if (S.Assignments.Count == 0)
        {
            S.IdleSince = time.GetUtcNow();
        }

        await PersistAsync();
        NotifyQueues();
    }

    /// <summary>An ONLINE agent with free capacity tells its queues (one-way: queues call agents, never the other way round and wait).</summary>
    private void NotifyQueues()
    {
        if (S.Presence != Presence.Online || S.Assignments.Count >= S.Capacity)
        {
            return;
        }

        var (tenant, id) = GrainKeys.Split(this.GetPrimaryKeyString());
        foreach (var queue in S.Queues)
        {
            _ = GrainFactory.GetGrain<IQueueGrain>(GrainKeys.Scoped(tenant, queue)).AgentAvailableAsync(id);
        }
    }

    /// <summary>Stores the change (with the latest sighting), then tells the scoreboard; a failed write drops the activation (UNAVAILABLE).</summary>
    private async Task PersistAsync()
    {
        S.Version++;
        S.LastSeen = _lastSeen;
        await state.WriteOrResetAsync(this, logger);
        var (tenant, id) = GrainKeys.Split(this.GetPrimaryKeyString());
        GrainFactory.GetGrain<IScoreboardFeedGrain>(tenant).AgentPresenceAsync(id, S.Presence == Presence.Online, S.Version).Ignore();
    }

    private AgentView View() => new(
        GrainKeys.Split(this.GetPrimaryKeyString()).Id,
        S.Name,
        S.Presence,
        S.Capacity,
        [.. S.Queues],
        [.. S.Assignments],
        S.IdleSince,
        _lastSeen,
        S.Version,
        [.. S.Granted]);
}
