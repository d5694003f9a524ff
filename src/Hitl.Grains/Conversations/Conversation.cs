using Hitl.Grains.Common;
using Hitl.Grains.Escalation;
using Hitl.Grains.Escalation.Meaning;
using Hitl.Grains.Escalation.Text;
using Hitl.Grains.Knowledge;
using Hitl.Grains.Queues;
using Hitl.Grains.Tenants;

namespace Hitl.Grains.Conversations;

/// <summary>
/// One conversation's rules, with no I/O: who may do what, the transcript's tail, escalations and their SLA,
/// drafts, the rating and idempotent retries. Every command checks its caller and its preconditions first and
/// throws a <see cref="HitlException"/> without changing anything, or changes the state and returns what the
/// grain must do once the change is durable (<see cref="ConversationEffect"/>). The grain loads the state,
/// calls one command, persists, then performs the effects; it holds no rule of its own.
/// </summary>
public sealed class Conversation
{
    /// <summary>How many client message ids a conversation remembers for idempotent retries.</summary>
    public const int RememberedClientMessages = 64;

    /// <summary>How many answered questions a repeat is compared with.</summary>
    public const int RememberedQuestions = 10;

    /// <summary>How many escalations and draft reviews the state keeps; older ones leave it, their counts stay (<see cref="ArchivedHistory"/>).</summary>
    public const int KeptEscalations = 20;

    /// <inheritdoc cref="KeptEscalations"/>
    public const int KeptReviews = 20;

    /// <summary>The queue drafts wait in for review.</summary>
    public const string ReviewQueue = "review";

    /// <summary>What the customer reads when a person takes over.</summary>
    public const string HandoffNotice = "A person from our team will take over this conversation shortly.";

    private const int MaxTransferNote = 1000;

    private readonly Dictionary<string, HashSet<string>> _questionStems = new(StringComparer.Ordinal);
    private ClientMessageWindow? _clientMessages;

    public Conversation(string tenant, string id, ConversationState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        Tenant = tenant;
        Id = id;
        State = state;
    }

    public string Tenant { get; }

    public string Id { get; }

    /// <summary>The state this aggregate changes; what the grain persists.</summary>
    public ConversationState State { get; }

    public bool Started => State.Started;

    public Ownership Ownership => State.Ownership;

    /// <summary>The escalation the conversation is waiting on or being served under; null while the bot owns it or it is resolved.</summary>
    public EscalationRecord? OpenEscalation =>
        State.Ownership.OpenEscalationId is { } id ? State.Escalations.FindLast(e => e.Id == id) : null;

    /// <summary>The newest messages (the rest live in transcript pages).</summary>
    public IReadOnlyList<ChatMessage> Tail => State.Tail;

    private ClientMessageWindow ClientMessages => _clientMessages ??= ClientMessageWindow.Load(State, RememberedClientMessages);

    /// <summary>Starts the conversation with the bot. CONFLICT if it started already.</summary>
    public void Start(string? customerName, string? firstMessage, DateTimeOffset now)
    {
        if (State.Started)
        {
            throw HitlException.Conflict($"Conversation '{Id}' exists already.");
        }

        if (customerName is { Length: > MessageRules.MaxCustomerName })
        {
            throw HitlException.BadInput($"customerName is at most {MessageRules.MaxCustomerName} characters.");
        }

        if (firstMessage is not null)
        {
            MessageRules.ValidateText(firstMessage);
        }

        State.Started = true;
        State.CustomerName = string.IsNullOrWhiteSpace(customerName) ? null : customerName.Trim();
        State.CreatedAt = now;
        State.UpdatedAt = now;
        State.Ownership = Ownership.Start(now);
        State.Version = 1;
    }

    /// <summary>NOT_FOUND unless the conversation started.</summary>
    public void EnsureStarted()
    {
        if (!State.Started)
        {
            throw HitlException.NotFound($"Conversation '{Id}' does not exist.");
        }
    }

    /// <summary>
    /// Checks a message before anything changes: valid text and id, and a writer that may write here (customers
    /// always may; agents only while they own the conversation). Returns what the same client message produced
    /// before, when it is a retry. The writer is checked first: a retry is answered only to a caller who may write
    /// now, so an agent who lost the conversation cannot read what its earlier message produced (FORBIDDEN).
    /// </summary>
    public ClientMessageRecord? CheckMessage(PostMessage command)
    {
        ArgumentNullException.ThrowIfNull(command);
        EnsureStarted();
        MessageRules.Validate(command.Text, command.ClientMessageId);
        if (command.Caller.Role != CallerRole.Customer && !State.Ownership.IsOwnedBy(command.Caller.Id))
        {
            throw HitlException.Forbidden("Only the agent that owns this conversation can write to it.");
        }

        return ClientMessages.TryGet(ClientKey(command.Caller, command.ClientMessageId), out var earlier) ? earlier : null;
    }

    /// <summary>
    /// Appends a customer message with its sentiment score; a resolved conversation reopens. Returns the message
    /// and whether the bot answers it (then the grain asks the engine and the bot and calls <see cref="ApplyBotDecision"/>).
    /// </summary>
    public CustomerMessage AppendCustomerMessage(string text, double sentiment, DateTimeOffset now)
    {
        if (State.Ownership.Status == ConversationStatus.Resolved)
        {
            State.Ownership = State.Ownership.Reopen(now);
        }

        double? previous = State.CustomerMessages > 0 ? State.Sentiment : null;
        State.Sentiment = SentimentTracker.Update(previous, sentiment);
        State.CustomerMessages++;
        var message = Append(Author.Customer, null, text, now, null, [], sentiment);
        return new CustomerMessage(message, previous, State.Ownership.BotAnswers);
    }

    /// <summary>What the escalation engine sees of this conversation for a new customer message.</summary>
    public EscalationContext EscalationContextFor(CustomerMessage message, Policy policy)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new EscalationContext(message.Message.Text, message.Message.Sentiment ?? 0, message.PreviousSentiment, State.AnsweredQuestions, null, policy)
        {
            QuestionStems = QuestionStems,
        };
    }

    /// <summary>The customer's latest questions (context for the bot).</summary>
    public IReadOnlyList<string> RecentCustomerMessages(int count) =>
        [.. State.Tail.Where(m => m.Author == Author.Customer).TakeLast(count).Select(m => m.Text)];

    /// <summary>
    /// Applies the engine's decision on a customer message while the bot owns the conversation: escalate (the
    /// handoff notice is appended), hold the bot's answer as a draft (the customer sees nothing yet), or send it.
    /// Returns the bot's reply when one is sent.
    /// </summary>
    public ChatMessage? ApplyBotDecision(CustomerMessage message, EscalationDecision decision, BotAnswer? answer, Policy policy, DateTimeOffset now, DateTimeOffset answeredAt)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(policy);
        switch (decision.Kind)
        {
            case EscalationDecisionKind.Escalate:
                Escalate(decision.Reasons, decision.Queue ?? policy.DefaultQueue, decision.Priority, now.AddSeconds(policy.SlaSeconds), now);
                return null;
            case EscalationDecisionKind.SmallTalk:
                return Append(Author.Bot, null, SmallTalkReplies.For(decision.Intent), answeredAt, null, [], null);
            case EscalationDecisionKind.Draft:
                State.PendingDraft = new Draft(Ids.New("d_"), answer!.Text, answer.Confidence, answer.Sources);
                State.PendingDraftAt = now;
                return null;
            default:
                RememberAnswered(message.Message.Text);
                return Append(Author.Bot, null, answer!.Text, answeredAt, Math.Clamp(answer.Confidence, 0, 1), answer.Sources, null);
        }
    }

    /// <summary>Appends the owning agent's message; the first one answers the open escalation (its first-response time).</summary>
    public ChatMessage AppendAgentMessage(Caller caller, string text, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var message = Append(Author.Agent, caller.Id, text, now, null, [], null);
        if (OpenIndex() is var index and >= 0 && State.Escalations[index].FirstHumanResponseAt is null)
        {
            State.Escalations[index] = State.Escalations[index] with { FirstHumanResponseAt = now };
        }

        return message;
    }

    /// <summary>Remembers what a client message produced, so its retry answers the same.</summary>
    public void Remember(Caller caller, string clientMessageId, ChatMessage message, ChatMessage? reply)
    {
        ArgumentNullException.ThrowIfNull(message);
        ClientMessages.Remember(new ClientMessageRecord(ClientKey(caller, clientMessageId), message.Seq, reply?.Seq));
        State.PackedClientMessages = ClientMessages.Pack();
        State.RecentClientMessages.Clear();
    }

    /// <summary>
    /// Checks a request for a person, changing nothing: FORBIDDEN unless the customer or a manager asks, RATE_LIMITED
    /// while the customer's <paramref name="cooldown"/> after their own resolve runs. True when
    /// <see cref="RequestHuman"/> would escalate (false while a person is already on the way or on it).
    /// </summary>
    public bool CheckRequestHuman(Caller caller, DateTimeOffset now, TimeSpan cooldown = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        EnsureStarted();
        if (!(caller.Role == CallerRole.Customer || caller.IsStaffManager))
        {
            throw HitlException.Forbidden("Only the customer or a manager can ask for a person; agents transfer.");
        }

        if (caller.Role == CallerRole.Customer && State.CustomerResolvedAt is { } resolvedAt && now < resolvedAt + cooldown)
        {
            var wait = Math.Ceiling((resolvedAt + cooldown - now).TotalSeconds);
            throw HitlException.RateLimited($"You closed this conversation a moment ago; ask for a person again in {wait} seconds.");
        }

        return State.Ownership.Status is not (ConversationStatus.Queued or ConversationStatus.Human);
    }

    /// <summary>
    /// The customer (or a manager) asks for a person: an EXPLICIT_REQUEST escalation to the default queue. False,
    /// and nothing changes, while a person is already on the way or on it. Checked first by
    /// <see cref="CheckRequestHuman"/> (with the customer's <paramref name="cooldown"/> after their own resolve).
    /// </summary>
    public bool RequestHuman(Caller caller, Policy policy, DateTimeOffset now, TimeSpan cooldown = default)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (!CheckRequestHuman(caller, now, cooldown))
        {
            return false;
        }

        if (State.Ownership.Status == ConversationStatus.Resolved)
        {
            State.Ownership = State.Ownership.Reopen(now);
        }

        Escalate(
            [new Trigger(EscalationReason.ExplicitRequest, "The customer asked for a person (requestHuman).", null)],
            policy.DefaultQueue,
            priority: 1,
            dueAt: now.AddSeconds(policy.SlaSeconds),
            now);
        return true;
    }

    /// <summary>Closes the conversation: the owning agent, a manager, or the customer (the bot solved it, or the customer is done).</summary>
    public IReadOnlyList<ConversationEffect> Resolve(Caller caller, DateTimeOffset now)
    {
        EnsureStarted();
        EnsureOwnerOrManager(caller, "resolve it", customerMay: true);
        var effects = CloseEscalation(State.Ownership.Resolve(now), now);
        if (caller.Role == CallerRole.Customer)
        {
            State.CustomerResolvedAt = now;
        }

        return effects;
    }

    /// <summary>
    /// When this conversation idles out (<see cref="ConversationLimits.IdleConversationTtl"/>): <paramref name="ttl"/>
    /// after its last change while the bot has it or it is resolved; null while it never does (not started, waiting
    /// for or served by a person, a draft waiting for review, or <paramref name="ttl"/> not positive).
    /// </summary>
    public DateTimeOffset? IdleExpiresAt(TimeSpan ttl) =>
        ttl > TimeSpan.Zero
        && State.Started
        && State.PendingDraft is null
        && State.Ownership.Status is ConversationStatus.Bot or ConversationStatus.Resolved
            ? State.UpdatedAt + ttl
            : null;

    /// <summary>
    /// Closes an idle conversation (see <see cref="IdleExpiresAt"/>): one with the bot is resolved (true: write it);
    /// a resolved one stays as it is (false). Null while it is not idle at <paramref name="now"/>.
    /// </summary>
    public bool? CloseIdle(TimeSpan ttl, DateTimeOffset now)
    {
        if (IdleExpiresAt(ttl) is not { } expires || now < expires)
        {
            return null;
        }

        if (State.Ownership.Status != ConversationStatus.Bot)
        {
            return false;
        }

        CloseEscalation(State.Ownership.Resolve(now), now);
        return true;
    }

    /// <summary>The owning agent (or a manager) gives the conversation back to the bot; the escalation closes.</summary>
    public IReadOnlyList<ConversationEffect> HandBack(Caller caller, DateTimeOffset now)
    {
        EnsureStarted();
        EnsureOwnerOrManager(caller, "hand it back", customerMay: false);
        return CloseEscalation(State.Ownership.HandBack(now), now);
    }

    /// <summary>
    /// Checks a transfer and describes it, changing nothing: to a queue (<paramref name="queue"/>, or the open
    /// escalation's) or straight to an agent, by the owning agent or a manager, with a MANUAL reason ahead of the
    /// earlier ones. The grain checks the queue exists and reserves the agent, then calls <see cref="Transfer(TransferPlan, DateTimeOffset)"/>.
    /// </summary>
    public TransferPlan PlanTransfer(Caller caller, string? queue, string? agentId, string? note, Policy policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(policy);
        EnsureStarted();
        if ((queue is null) == (agentId is null))
        {
            throw HitlException.BadInput("Transfer to a queue or to an agent: give exactly one.");
        }

        if (queue is not null && !Policy.IsQueueName(queue))
        {
            throw HitlException.BadInput("A queue name is 1-64 letters, digits, '-', '_' or '.'.");
        }

        if (queue == ReviewQueue)
        {
            throw HitlException.BadInput($"The '{ReviewQueue}' queue holds drafts for review; transfer to a handoff queue.");
        }

        if (agentId is not null && !TenantRules.IsSubject(agentId))
        {
            throw HitlException.BadInput("That is not an agent id.");
        }

        if (note is { Length: > MaxTransferNote })
        {
            throw HitlException.BadInput($"A transfer note is at most {MaxTransferNote} characters.");
        }

        if (!(caller.IsStaffManager || (caller.Role == CallerRole.Agent && State.Ownership.IsOwnedBy(caller.Id))))
        {
            throw HitlException.Forbidden("Only the agent that owns this conversation, or a manager, can transfer it.");
        }

        if (State.Ownership.Status is not (ConversationStatus.Human or ConversationStatus.Queued))
        {
            throw HitlException.Conflict($"Only a queued or human-owned conversation can be transferred; it is {State.Ownership.Status}.");
        }

        var previous = OpenEscalation;
        var target = queue ?? previous?.Queue ?? policy.DefaultQueue;
        var detail = $"Transferred by {caller.Id}" + (agentId is null ? $" to queue '{target}'" : $" to agent '{agentId}'") + (string.IsNullOrWhiteSpace(note) ? "." : $": {note.Trim()}");
        List<Trigger> reasons = [new(EscalationReason.Manual, detail, null), .. previous?.Reasons ?? []];
        var escalation = new EscalationRecord(Ids.New("e_"), reasons, target, previous?.Priority ?? 1, now, now.AddSeconds(policy.SlaSeconds), null, null);
        return new TransferPlan(escalation, agentId, WorkItem.Handoff(Id, escalation, agentId));
    }

    /// <summary>Performs a planned transfer: the open escalation closes and the new one opens, queued or owned by the agent.</summary>
    public IReadOnlyList<ConversationEffect> Transfer(TransferPlan plan, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var next = plan.AgentId is null
            ? State.Ownership.TransferToQueue(plan.Escalation.Id, plan.Escalation.Queue, now)
            : State.Ownership.TransferToAgent(plan.Escalation.Id, plan.AgentId, now);
        var effects = CloseEscalation(next, now);
        AddEscalation(plan.Escalation);
        return plan.AgentId is null ? effects : [.. effects, new ConversationEffect.TellAssigned(plan.AgentId, plan.Escalation.Id)];
    }

    /// <summary>
    /// A queue proposes that <paramref name="agentId"/> takes the conversation. Accepted only while it still waits on
    /// <paramref name="escalationId"/> (CONFLICT otherwise); false when that agent holds it under that escalation already.
    /// </summary>
    public bool AcceptAssignment(string escalationId, string agentId, DateTimeOffset now)
    {
        EnsureStarted();
        if (State.Ownership.IsOwnedBy(agentId) && State.Ownership.OpenEscalationId == escalationId)
        {
            return false;
        }

        State.Ownership = State.Ownership.Assign(escalationId, agentId, now);
        Touch(now);
        return true;
    }

    /// <summary>
    /// The agent went offline: if it still owns the conversation under <paramref name="escalationId"/> and has not
    /// answered, the conversation goes back to its queue (keeping its place) and the agent's slot frees up.
    /// </summary>
    public IReadOnlyList<ConversationEffect>? ReturnToQueue(string escalationId, string agentId, DateTimeOffset now)
    {
        var escalation = OpenEscalation;
        if (!State.Started || escalation is null || escalation.Id != escalationId || !State.Ownership.IsOwnedBy(agentId) || escalation.FirstHumanResponseAt is not null)
        {
            return null;
        }

        State.Ownership = State.Ownership.Requeue(escalation.Queue, now);
        State.EnqueuedEscalationId = null;
        Touch(now);
        return [new ConversationEffect.ReleaseAgent(agentId, escalationId)];
    }

    /// <summary>
    /// The first-response SLA of the open escalation passed: still unanswered, it is marked breached and its priority
    /// goes up by one, in the conversation and, while it waits, in its queue. Null when there is nothing to mark.
    /// </summary>
    public IReadOnlyList<ConversationEffect>? BreachSla(DateTimeOffset now)
    {
        var index = OpenIndex();
        if (index < 0 || State.Escalations[index] is not { FirstHumanResponseAt: null, Breached: false } open)
        {
            return null;
        }

        var raised = Math.Min(Policy.MaxPriority, open.Priority + 1);
        State.Escalations[index] = open with { Breached = true, Priority = raised };
        Touch(now);
        return State.Ownership.Status == ConversationStatus.Queued ? [new ConversationEffect.RaisePriority(open.Queue, open.Id, raised)] : [];
    }

    /// <summary>A queue proposes a reviewer for the pending draft: CONFLICT unless <paramref name="draftId"/> is still pending and not stale.</summary>
    public void EnsureDraftPending(string draftId)
    {
        EnsureStarted();
        if (State.PendingDraft?.Id != draftId)
        {
            throw HitlException.Conflict($"Draft '{draftId}' is not waiting for review.");
        }

        if (DraftIsStale)
        {
            throw HitlException.Conflict($"Draft '{draftId}' is stale: the conversation changed hands after it was held.");
        }
    }

    /// <summary>
    /// True when the pending draft can no longer be sent: the bot does not own the conversation (a person took over,
    /// or it waits for one, or it is resolved), or ownership changed after the draft was held.
    /// </summary>
    public bool DraftIsStale =>
        State.PendingDraft is not null
        && (!State.Ownership.BotAnswers || (State.PendingDraftAt is { } heldAt && State.Ownership.Owner.Since > heldAt));

    /// <summary>
    /// A reviewer's decision on the pending draft: APPROVE sends it as the bot's message, EDIT sends the reviewer's
    /// text (both are kept), REJECT escalates with DRAFT_REJECTED while the bot still owns the conversation. A draft
    /// reaches the customer at most once: a second review is a CONFLICT, and so is sending a stale draft
    /// (<see cref="DraftIsStale"/>: a person took over since); a stale draft can only be rejected, which escalates nothing.
    /// </summary>
    public void ReviewDraft(string draftId, DraftDecision decision, string? text, string reviewer, Policy policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(policy);
        EnsureStarted();
        if (State.PendingDraft is not { } draft || draft.Id != draftId)
        {
            throw HitlException.Conflict($"Draft '{draftId}' is not waiting for review: it was reviewed already or replaced.");
        }

        var stale = DraftIsStale;
        if (stale && decision != DraftDecision.Reject)
        {
            throw HitlException.Conflict($"Draft '{draftId}' can no longer be sent: the conversation changed hands after it was held.");
        }

        if (decision == DraftDecision.Edit)
        {
            MessageRules.ValidateText(text);
        }

        State.PendingDraft = null;
        AddReview(new DraftReview(draft, decision, decision == DraftDecision.Edit ? text : null, reviewer, now));
        if (decision == DraftDecision.Reject)
        {
            if (!stale)
            {
                Escalate([new Trigger(EscalationReason.DraftRejected, $"Reviewer {reviewer} rejected the bot's draft.", draft.Confidence)], policy.DefaultQueue, 1, now.AddSeconds(policy.SlaSeconds), now);
            }
        }
        else
        {
            Append(Author.Bot, null, decision == DraftDecision.Edit ? text! : draft.Text, now, draft.Confidence, draft.Sources, null);
        }

        Touch(now);
    }

    /// <summary>
    /// The reviewer holding <paramref name="draftId"/> went OFFLINE (its slot is free already): a draft still pending
    /// is sent to the review queue again, in memory (the outbox sends it; a stale draft is refused when offered). False
    /// when there is nothing to send.
    /// </summary>
    public bool ReturnReview(string draftId)
    {
        if (!State.Started || State.PendingDraft?.Id != draftId || DraftIsStale)
        {
            return false;
        }

        State.EnqueuedDraftId = null;
        return true;
    }

    /// <summary>The customer rates a resolved conversation, once, 1 to 5.</summary>
    public void Rate(Caller caller, int score, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(caller);
        EnsureStarted();
        if (caller.Role != CallerRole.Customer)
        {
            throw HitlException.Forbidden("Only the customer rates a conversation.");
        }

        if (score is < 1 or > 5)
        {
            throw HitlException.BadInput("A rating is between 1 and 5.");
        }

        if (State.Ownership.Status != ConversationStatus.Resolved)
        {
            throw HitlException.Conflict("Only a resolved conversation can be rated.");
        }

        if (State.Csat is not null)
        {
            throw HitlException.Conflict("This conversation is rated already.");
        }

        State.Csat = score;
        Touch(now);
    }

    /// <summary>The open escalation as a work item, while it waits and its queue has not confirmed it; null otherwise.</summary>
    public WorkItem? HandoffToEnqueue() =>
        State.Ownership.Status == ConversationStatus.Queued
        && State.Ownership.OpenEscalationId is { } id
        && State.EnqueuedEscalationId != id
        && OpenEscalation is { } escalation
            ? WorkItem.Handoff(Id, escalation)
            : null;

    /// <summary>The pending draft as a review item, while its queue has not confirmed it; null otherwise.</summary>
    public WorkItem? DraftToEnqueue() =>
        State.PendingDraft is { } draft && State.EnqueuedDraftId != draft.Id
            ? WorkItem.Review(Id, ReviewQueue, draft, State.PendingDraftAt ?? State.UpdatedAt)
            : null;

    /// <summary>A queue confirmed it holds the item (in memory: written with the next change, and sent again after a restart until then).</summary>
    public void Enqueued(WorkItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.Kind == WorkKind.DraftReview)
        {
            State.EnqueuedDraftId = item.Id;
        }
        else
        {
            State.EnqueuedEscalationId = item.Id;
        }
    }

    /// <summary>The conversation as readers see it.</summary>
    public ConversationView View() => new(
        Id,
        Tenant,
        State.Ownership.Status,
        State.Ownership.Owner,
        OpenEscalation,
        [.. State.Escalations],
        State.PendingDraft,
        State.MessageCount,
        State.Sentiment,
        State.Csat,
        State.CreatedAt,
        State.UpdatedAt,
        State.CustomerName,
        State.Version);

    private static string ClientKey(Caller caller, string clientMessageId) =>
        caller.Role == CallerRole.Customer ? $"c:{clientMessageId}" : $"s:{caller.Id}:{clientMessageId}";

    private void EnsureOwnerOrManager(Caller caller, string what, bool customerMay)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var allowed = caller.IsStaffManager
            || (caller.Role == CallerRole.Agent && State.Ownership.IsOwnedBy(caller.Id))
            || (customerMay && caller.Role == CallerRole.Customer);
        if (!allowed)
        {
            throw HitlException.Forbidden($"Only the agent that owns this conversation, or a manager, can {what}.");
        }
    }

    /// <summary>Moves ownership to <paramref name="next"/>, closing the open escalation: a waiting item leaves its queue, an agent's slot frees up.</summary>
    private List<ConversationEffect> CloseEscalation(Ownership next, DateTimeOffset now)
    {
        var effects = new List<ConversationEffect>();
        var index = OpenIndex();
        if (index >= 0)
        {
            var open = State.Escalations[index];
            if (State.Ownership.Status == ConversationStatus.Queued)
            {
                effects.Add(new ConversationEffect.Withdraw(open.Queue, open.Id));
            }

            State.Escalations[index] = open with { ClosedAt = now };
        }

        if (State.Ownership.Status == ConversationStatus.Human && State.Ownership.Owner.AgentId is { } agent && State.Ownership.OpenEscalationId is { } held)
        {
            effects.Add(new ConversationEffect.ReleaseAgent(agent, held));
        }

        State.Ownership = next;
        Touch(now);
        return effects;
    }

    private void Escalate(IReadOnlyList<Trigger> reasons, string queue, int priority, DateTimeOffset? dueAt, DateTimeOffset now)
    {
        var escalation = new EscalationRecord(Ids.New("e_"), reasons, queue, priority, now, dueAt, null, null);
        State.Ownership = State.Ownership.Escalate(escalation.Id, queue, now);
        AddEscalation(escalation);
        Append(Author.System, null, HandoffNotice, now, null, [], null);
    }

    /// <summary>Adds an escalation; beyond <see cref="KeptEscalations"/> the oldest closed ones leave the state, their counts stay.</summary>
    private void AddEscalation(EscalationRecord escalation)
    {
        State.Escalations.Add(escalation);
        var excess = State.Escalations.Count - KeptEscalations;
        if (excess <= 0)
        {
            return;
        }

        var leaving = State.Escalations.Take(excess).TakeWhile(e => e.ClosedAt is not null).ToList();
        foreach (var old in leaving)
        {
            State.Archived = State.Archived.With(old);
        }

        State.Escalations.RemoveRange(0, leaving.Count);
    }

    private void AddReview(DraftReview review)
    {
        State.Reviews.Add(review);
        var excess = State.Reviews.Count - KeptReviews;
        if (excess <= 0)
        {
            return;
        }

        foreach (var old in State.Reviews.Take(excess))
        {
            State.Archived = State.Archived.With(old);
        }

        State.Reviews.RemoveRange(0, excess);
    }

    private int OpenIndex() =>
        State.Ownership.OpenEscalationId is { } id ? State.Escalations.FindLastIndex(e => e.Id == id) : -1;

    private void RememberAnswered(string question)
    {
        State.AnsweredQuestions.Add(question);
        if (State.AnsweredQuestions.Count > RememberedQuestions)
        {
            State.AnsweredQuestions.RemoveAt(0);
        }
    }

    /// <summary>An answered question's content stems for the repeat check, reduced once per activation (bounded: questions leave the window).</summary>
    private IReadOnlySet<string> QuestionStems(string question)
    {
        if (!_questionStems.TryGetValue(question, out var stems))
        {
            if (_questionStems.Count >= RememberedQuestions * 2)
            {
                _questionStems.Clear();
            }

            stems = TextNormalizer.ContentStems(question);
            _questionStems[question] = stems;
        }

        return stems;
    }

    private ChatMessage Append(Author author, string? authorId, string text, DateTimeOffset at, double? confidence, IReadOnlyList<string> sources, double? sentiment)
    {
        var seq = State.MessageCount;
        var message = new ChatMessage($"{Id}-{seq}", seq, author, authorId, text, at, confidence, sources, sentiment);
        State.Tail.Add(message);
        State.MessageCount++;
        Touch(at);
        return message;
    }

    private void Touch(DateTimeOffset now)
    {
        State.UpdatedAt = now;
        State.Version++;
    }
}
