using Hitl.Grains.Common;
using Hitl.Grains.Conversations;
using Hitl.Grains.Live;
using Hitl.Grains.Queues;
using Hitl.Grains.Scoreboards;
using Hitl.Grains.Tenants;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hitl.Grains.Agents;

public sealed class AgentGrain(
    [PersistentState("agent", HitlStorage.Name)] IPersistentState<AgentState> state,
    IOptions<AgentOptions> options,
    TimeProvider time,
    ILogger<AgentGrain> logger) : Grain, IAgentGrain, IRemindable
{
    /// <summary>The reminder that sends an agent OFFLINE when its presence lapses.</summary>
    public const string PresenceReminder = "presence";

    private readonly LiveWatchers _watchers = new(logger);

    private AgentState S => state.State;

    public async Task<AgentView> SetPresenceAsync(Presence presence, int? capacity, IReadOnlyList<string>? queues)
    {
        AgentRules.Validate(capacity, queues, S.Assignments.Count);
        var now = time.GetUtcNow();
        if (!S.Known)
        {
            var (tenant, id) = GrainKeys.Split(this.GetPrimaryKeyString());
            await GrainFactory.GetGrain<ITenantGrain>(tenant).RegisterAgentAsync(id);
            S.Known = true;
            S.IdleSince = now;
        }

        S.Presence = presence;
        S.Capacity = capacity ?? S.Capacity;
        S.Queues = queues is null ? S.Queues : [.. queues.Distinct(StringComparer.Ordinal)];
        S.LastSeen = now;
        await PersistAsync();
        NotifyQueues();
        if (presence != Presence.Offline)
        {
            // Durable: a lapse is noticed even if the agent's console and this activation are gone.
            await this.RegisterOrUpdateReminder(PresenceReminder, options.Value.PresenceTimeout, TimeSpan.FromMinutes(1));
        }
        else
        {
            await ReturnUnansweredAsync();
            if (await this.GetReminder(PresenceReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }

        return View();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != PresenceReminder)
        {
            return;
        }

        if (S.Presence != Presence.Offline && S.LastSeen is { } seen && time.GetUtcNow() - seen >= options.Value.PresenceTimeout)
        {
            S.Presence = Presence.Offline;
            await PersistAsync();
            await ReturnUnansweredAsync();
        }

        if (S.Presence == Presence.Offline && await this.GetReminder(PresenceReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
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

    private async Task PersistAsync()
    {
        try
        {
            S.Version++;
            await state.WriteStateAsync();
            var (tenant, id) = GrainKeys.Split(this.GetPrimaryKeyString());
            GrainFactory.GetGrain<IScoreboardFeedGrain>(tenant).AgentPresenceAsync(id, S.Presence == Presence.Online, S.Version).Ignore();
        }
        catch
        {
            // Not acknowledged: go back to what storage holds.
            try
            {
                await state.ReadStateAsync();
            }
            catch (Exception)
            {
                DeactivateOnIdle();
            }

            throw;
        }
    }

    private AgentView View() => new(
        GrainKeys.Split(this.GetPrimaryKeyString()).Id,
        S.Name,
        S.Presence,
        S.Capacity,
        [.. S.Queues],
        [.. S.Assignments],
        S.IdleSince,
        S.LastSeen,
        S.Version);
}
