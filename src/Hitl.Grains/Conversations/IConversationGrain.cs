using Hitl.Grains.Common;

namespace Hitl.Grains.Conversations;

/// <summary>
/// One conversation: transcript, status, owner and escalations. The single writer of ownership.
/// Key: tenant/conversationId.
/// </summary>
[Alias("hitl.IConversationGrain")]
public interface IConversationGrain : IGrainWithStringKey
{
    /// <summary>
    /// Starts the conversation with the bot; an optional first customer message is answered at once. CONFLICT if started
    /// already; RATE_LIMITED, creating nothing, when the tenant has as many open conversations in this silo as
    /// <see cref="ConversationLimits.OpenConversationsPerTenant"/> allows.
    /// </summary>
    [Alias("Start")]
    Task<ConversationView> StartAsync(string? customerName, string? firstMessage);

    /// <summary>
    /// Appends a customer or agent message. Customers always may (a resolved conversation reopens);
    /// agents only while they own the conversation. While the bot owns it, the bot answers.
    /// Idempotent by <see cref="PostMessage.ClientMessageId"/>: a retry returns the first result, once the caller is
    /// checked (an agent who no longer owns the conversation gets FORBIDDEN, not the stored answer).
    /// </summary>
    [Alias("PostMessage")]
    Task<SendMessageResult> PostMessageAsync(PostMessage command);

    /// <summary>
    /// The customer (or a manager) asks for a person: an EXPLICIT_REQUEST escalation to the tenant's default queue. A
    /// no-op while a human owns or is about to own it; FORBIDDEN for agents, who transfer. RATE_LIMITED, changing
    /// nothing, when that queue is full (<see cref="ConversationLimits.WaitingItemsPerQueue"/>) or, for the customer,
    /// within <see cref="ConversationLimits.RequestHumanCooldown"/> of their own resolve.
    /// </summary>
    [Alias("RequestHuman")]
    Task<ConversationView> RequestHumanAsync(Caller caller);

    /// <summary>Closes the conversation: by the owning agent, a manager, or the customer (the bot solved it, or the customer is done).</summary>
    [Alias("Resolve")]
    Task<ConversationView> ResolveAsync(Caller caller);

    /// <summary>
    /// A queue proposes that <paramref name="agentId"/> takes the conversation. Accepted, and persisted
    /// before it answers, only while the conversation still waits on <paramref name="escalationId"/>;
    /// otherwise CONFLICT. Accepting the same proposal again answers the same. Interleaves with a command that waits
    /// on the bot (then the bot owns the conversation, and the answer is CONFLICT at once), so offers never queue
    /// behind a slow bot.
    /// </summary>
    [Alias("AcceptAssignment"), AlwaysInterleave]
    Task<ConversationView> AcceptAssignmentAsync(string escalationId, string agentId);

    /// <summary>
    /// The owning agent (or a manager) moves the conversation to another queue or straight to another
    /// agent, with a MANUAL reason; the transcript and the earlier reasons travel with it.
    /// </summary>
    [Alias("Transfer")]
    Task<ConversationView> TransferAsync(Caller caller, string? queue, string? agentId, string? note);

    /// <summary>The owning agent (or a manager) gives the conversation back to the bot; the escalation closes.</summary>
    [Alias("HandBack")]
    Task<ConversationView> HandBackAsync(Caller caller);

    /// <summary>The customer rates a resolved conversation, once, 1 to 5; FORBIDDEN for anyone else.</summary>
    [Alias("Rate")]
    Task<ConversationView> RateAsync(Caller caller, int score);

    /// <summary>
    /// The agent went OFFLINE: if it still owns the conversation under <paramref name="escalationId"/>
    /// and has not answered yet, the conversation goes back to its queue (keeping its place: the
    /// item keeps its original enqueue time) and the agent's slot is freed. Answered conversations
    /// stay with the agent.
    /// </summary>
    [Alias("ReturnToQueue"), OneWay]
    Task ReturnToQueueAsync(string escalationId, string agentId);

    /// <summary>A queue proposes a reviewer for the pending draft: CONFLICT unless <paramref name="draftId"/> is still pending.</summary>
    [Alias("AcceptReview"), AlwaysInterleave]
    Task AcceptReviewAsync(string draftId);

    /// <summary>
    /// The reviewer holding the review item <paramref name="draftId"/> went OFFLINE and freed its slot: a draft still
    /// pending (and not stale) waits in the review queue again.
    /// </summary>
    [Alias("ReturnReview"), OneWay]
    Task ReturnReviewAsync(string draftId);

    /// <summary>
    /// Applies a review of the pending draft: APPROVE sends it as the bot's message, EDIT sends the
    /// reviewer's text (both versions are kept), REJECT escalates with DRAFT_REJECTED. A draft reaches
    /// the customer at most once: a second review is a CONFLICT, and so is approving or editing a draft after a person
    /// took the conversation over.
    /// </summary>
    [Alias("ReviewDraft")]
    Task<ConversationView> ReviewDraftAsync(string draftId, Hitl.Grains.Queues.DraftDecision decision, string? text, string reviewer);

    /// <summary>The conversation, or null when it was never started.</summary>
    [Alias("Get"), ReadOnly]
    Task<ConversationView?> GetAsync();

    /// <summary>The newest <paramref name="last"/> messages, oldest first, read across transcript pages.</summary>
    [Alias("GetMessages"), ReadOnly]
    Task<IReadOnlyList<ChatMessage>> GetMessagesAsync(int last);

    /// <summary>The <paramref name="last"/> messages just before message number <paramref name="beforeSeq"/>, oldest first: the transcript's older pages.</summary>
    [Alias("GetMessagesBefore"), ReadOnly]
    Task<IReadOnlyList<ChatMessage>> GetMessagesBeforeAsync(long beforeSeq, int last);

    /// <summary>Starts (or renews) watching this conversation; answers it as it is now (null when never started), whose version later events follow.</summary>
    [Alias("Watch"), AlwaysInterleave]
    Task<ConversationView?> WatchAsync(Live.ILiveObserver observer);

    [Alias("Unwatch"), AlwaysInterleave]
    Task UnwatchAsync(Live.ILiveObserver observer);
}
