using Hitl.Grains.Queues;

namespace Hitl.Grains.Agents;

/// <summary>
/// One agent: presence, capacity, the queues it serves and what it holds now. The only place
/// capacity is enforced: work is reserved here before a conversation accepts the assignment.
/// Key: tenant/agentId.
/// </summary>
[Alias("hitl.IAgentGrain")]
public interface IAgentGrain : IGrainWithStringKey
{
    /// <summary>
    /// Changes presence, and optionally capacity, queues and the display name (from the caller's token). Queues are
    /// chosen among the granted ones (<see cref="SetGrantedQueuesAsync"/>; without a grant, the tenant's default
    /// queue); null keeps the current choice (all allowed queues when the agent never chose). BAD_USER_INPUT for a
    /// queue that is not granted or a capacity below the current load, and nothing changes.
    /// </summary>
    [Alias("SetPresence")]
    Task<AgentView> SetPresenceAsync(Presence presence, int? capacity, IReadOnlyList<string>? queues, string? name = null);

    /// <summary>
    /// A manager grants the queues this agent may serve (an empty list removes the grant: the default queue only).
    /// Valid names only (BAD_USER_INPUT); each becomes a queue of the tenant. The agent leaves the rosters of the
    /// queues it no longer serves at once.
    /// </summary>
    [Alias("SetGrantedQueues")]
    Task<AgentView> SetGrantedQueuesAsync(IReadOnlyList<string> queues);

    /// <summary>
    /// A person signed in as this agent (an invite was redeemed): the tenant lists it from now on, so a manager can
    /// grant it queues before it first sets its presence; a valid display name replaces the one kept. Presence,
    /// capacity and queues don't change.
    /// </summary>
    [Alias("Introduce")]
    Task<AgentView> IntroduceAsync(string? name);

    [Alias("Get"), ReadOnly]
    Task<AgentView> GetAsync();

    /// <summary>
    /// Takes a slot for <paramref name="item"/> if the agent has free capacity (and is not
    /// OFFLINE; automatic offers also require ONLINE). Idempotent: reserving an item already held
    /// answers true without taking a second slot.
    /// </summary>
    [Alias("TryReserve")]
    Task<bool> TryReserveAsync(WorkItem item, bool requireOnline);

    /// <summary>Frees the slot of <paramref name="workItemId"/> (resolved, transferred, handed back, or the assignment fell through).</summary>
    [Alias("Release")]
    Task ReleaseAsync(string workItemId);

    /// <summary>The queue reports that the conversation accepted the reserved item: watchers of this agent's assignments hear of it.</summary>
    [Alias("Assigned"), OneWay]
    Task AssignedAsync(string workItemId);

    /// <summary>Starts (or renews) watching this agent's assignments; answers the agent as it is now.</summary>
    [Alias("Watch"), AlwaysInterleave]
    Task<AgentView> WatchAsync(Live.ILiveObserver observer);

    [Alias("Unwatch"), AlwaysInterleave]
    Task UnwatchAsync(Live.ILiveObserver observer);
}
