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

    public async Task<AgentView> SetPresenceAsync(Presence presence, int? capacity, IReadOnlyList<string>? queues)
    {
        AgentRules.Validate(capacity, queues, S.Assignments.Count);
        var now = time.GetUtcNow();
        var distinctQueues = queues?.Distinct(StringComparer.Ordinal).ToList();
        if (S.Known && presence == S.Presence && (capacity ?? S.Capacity) == S.Capacity && (distinctQueues is null || distinctQueues.SequenceEqual(S.Queues, StringComparer.Ordinal)))
        {
            return await HeartbeatAsync(now);
        }

        if (!S.Known)
        {
            var (tenant, id) = GrainKeys.Split(this.GetPrimaryKeyString());
            await GrainFactory.GetGrain<ITenantGrain>(tenant).RegisterAgentAsync(id);
            S.Known = true;
            S.IdleSince = now;
        }

        S.Presence = presence;
        S.Capacity = capacity ?? S.Capacity;
        S.Queues = distinctQueues ?? S.Queues;
        _lastSeen = now;
        await PersistAsync();
        NotifyQueues();
        if (presence != Presence.Offline)
        {
            await RegisterPresenceReminderAsync();
        }
        else
        {
            await ReturnUnansweredAsync();
            if (await this.GetReminder(PresenceReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            _reminderRegistered = false;
        }

        return View();
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
            await PersistAsync();
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
        S.Version);
}
