namespace Hitl.Grains.Queues;

/// <summary>
/// One review or handoff queue: the work waiting in it, served most urgent first, then oldest
/// first. It never owns a conversation: the conversation grain does. Key: tenant/queueName.
/// </summary>
[Alias("hitl.IQueueGrain")]
public interface IQueueGrain : IGrainWithStringKey
{
    /// <summary>
    /// Adds the item; enqueueing the same item id again changes nothing. A new item for a full queue is refused with
    /// RATE_LIMITED (<see cref="Conversations.ConversationLimits.WaitingItemsPerQueue"/>).
    /// </summary>
    [Alias("Enqueue")]
    Task EnqueueAsync(WorkItem item);

    /// <summary>True while the queue takes new items (it holds fewer than <see cref="Conversations.ConversationLimits.WaitingItemsPerQueue"/>).</summary>
    [Alias("HasRoom"), ReadOnly]
    Task<bool> HasRoomAsync();

    /// <summary>Takes the item out (assigned, resolved, handed back); false when it was not waiting.</summary>
    [Alias("Remove")]
    Task<bool> RemoveAsync(string itemId);

    /// <summary>
    /// Pull: gives <paramref name="agentId"/> the item <paramref name="itemId"/>, or the most urgent,
    /// oldest waiting item when it is null. Null when nothing waits or the agent is at capacity
    /// (or not available); CONFLICT when a claimed item is taken or no longer waiting.
    /// </summary>
    [Alias("Assign")]
    Task<WorkItem?> AssignAsync(string agentId, string? itemId);

    /// <summary>An agent serving this queue came online or freed capacity: offer it work.</summary>
    [Alias("AgentAvailable"), OneWay]
    Task AgentAvailableAsync(string agentId);

    /// <summary>An agent no longer serves this queue (its grant or choice changed, or it went OFFLINE): it leaves the roster and gets no more offers.</summary>
    [Alias("AgentLeft"), OneWay]
    Task AgentLeftAsync(string agentId);

    /// <summary>The agents automatic assignment offers this queue's work to, by id.</summary>
    [Alias("GetRoster"), ReadOnly]
    Task<IReadOnlyList<string>> GetRosterAsync();

    /// <summary>
    /// A reviewer's decision on the draft review item <paramref name="itemId"/>, as one command: the item is looked up
    /// by id among what <paramref name="reviewer"/> holds, or (when <paramref name="mayReviewWaiting"/>, for managers)
    /// among what waits here; the conversation applies the review; then the reviewer's slot is freed and the item
    /// leaves the queue. CONFLICT when the draft was reviewed already, replaced by a newer answer, or a person took the
    /// conversation over since (the slot is freed and the item dropped all the same); FORBIDDEN for an agent that does
    /// not hold the item; BAD_USER_INPUT (the reviewer keeps the item) for a bad edit.
    /// </summary>
    [Alias("ReviewDraft")]
    Task<WorkItem> ReviewDraftAsync(string itemId, string reviewer, bool mayReviewWaiting, DraftDecision decision, string? text);

    /// <summary>Marks a waiting item as past its SLA with a new priority; false when it is not waiting.</summary>
    [Alias("MarkBreached")]
    Task<bool> MarkBreachedAsync(string itemId, int priority);

    /// <summary>The queue with its first <paramref name="first"/> items.</summary>
    [Alias("Get"), ReadOnly]
    Task<QueueView> GetAsync(int first);

    /// <summary>Starts (or renews) watching this queue; answers the queue as it is now, whose version later events follow.</summary>
    [Alias("Watch"), AlwaysInterleave]
    Task<QueueView> WatchAsync(Live.ILiveObserver observer);

    [Alias("Unwatch"), AlwaysInterleave]
    Task UnwatchAsync(Live.ILiveObserver observer);
}
