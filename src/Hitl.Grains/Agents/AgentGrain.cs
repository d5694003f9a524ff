using Hitl.Grains.Common;
using Hitl.Grains.Conversations;
using Hitl.Grains.Queues;
using Hitl.Grains.Tenants;

namespace Hitl.Grains.Agents;

public sealed class AgentGrain(
    [PersistentState("agent", HitlStorage.Name)] IPersistentState<AgentState> state,
    TimeProvider time) : Grain, IAgentGrain
{
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
        if (presence == Presence.Offline)
        {
            // Conversations this agent has not answered yet go back to their queues (one-way: the
            // conversation frees the slot itself, so the two grains never wait on each other).
            var (tenant, _) = GrainKeys.Split(this.GetPrimaryKeyString());
            foreach (var item in S.Assignments.Where(a => a.Kind == WorkKind.Handoff))
            {
                _ = GrainFactory.GetGrain<IConversationGrain>(GrainKeys.Scoped(tenant, item.ConversationId)).ReturnToQueueAsync(item.Id, View().Id);
            }
        }

        return View();
    }

    public Task<AgentView> GetAsync() => Task.FromResult(View());

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
            await state.WriteStateAsync();
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
        S.LastSeen);
}
