using Hitl.Grains.Agents;
using Hitl.Grains.Common;
using Hitl.Grains.Escalation;
using Hitl.Grains.Escalation.Text;
using Hitl.Grains.Knowledge;
using Hitl.Grains.Live;
using Hitl.Grains.Queues;
using Hitl.Grains.Scoreboards;
using Hitl.Grains.Tenants;
using Microsoft.Extensions.Logging;

namespace Hitl.Grains.Conversations;

public sealed partial class ConversationGrain(
    [PersistentState("conversation", HitlStorage.Name)] IPersistentState<ConversationState> state,
    IBot bot,
    EscalationEngine escalation,
    SentimentScorer sentiment,
    TenantPolicyCache policies,
    TimeProvider time,
    ILogger<ConversationGrain> logger) : Grain, IConversationGrain, IRemindable
{
    /// <summary>How many client message ids a conversation remembers for idempotent retries.</summary>
    public const int RememberedClientMessages = 64;

    /// <summary>How many answered questions a repeat is compared with.</summary>
    public const int RememberedQuestions = 10;

    /// <summary>The reminder that checks the first-human-response SLA of the open escalation.</summary>
    public const string SlaReminder = "sla";

    /// <summary>The queue drafts wait in for review.</summary>
    public const string ReviewQueue = "review";

    /// <summary>What the customer reads when a person takes over.</summary>
    public const string HandoffNotice = "A person from our team will take over this conversation shortly.";

    private static readonly TimeSpan BotTimeout = TimeSpan.FromSeconds(20);

    private static readonly TimeSpan EnqueueRetry = TimeSpan.FromSeconds(5);

    private readonly LiveWatchers _watchers = new(logger);
    private readonly Dictionary<string, HashSet<string>> _questionStems = new(StringComparer.Ordinal);
    private ClientMessageWindow? _clientMessages;
    private Func<string, IReadOnlySet<string>>? _questionStemsLookup;
    private ConversationMark? _mark;
    private ConversationContribution? _contribution;
    private IGrainTimer? _enqueueRetry;
    private string? _tenant;
    private string? _id;

    private ConversationState S => state.State;

    private string Tenant => _tenant ??= GrainKeys.Split(this.GetPrimaryKeyString()).Tenant;

    private string ConversationId => _id ??= GrainKeys.Split(this.GetPrimaryKeyString()).Id;

    public async Task<ConversationView> StartAsync(string? customerName, string? firstMessage)
    {
        if (S.Started)
        {
            throw HitlException.Conflict($"Conversation '{ConversationId}' exists already.");
        }

        if (customerName is { Length: > MessageRules.MaxCustomerName })
        {
            throw HitlException.BadInput($"customerName is at most {MessageRules.MaxCustomerName} characters.");
        }

        if (firstMessage is not null)
        {
            MessageRules.ValidateText(firstMessage);
        }

        var now = time.GetUtcNow();
        S.Started = true;
        S.CustomerName = string.IsNullOrWhiteSpace(customerName) ? null : customerName.Trim();
        S.CreatedAt = now;
        S.UpdatedAt = now;
        S.Ownership = Ownership.Start(now);
        S.Version = 1;
        if (firstMessage is not null)
        {
            var (message, reply) = await AcceptCustomerMessageAsync(firstMessage, now);
            Remember(new ClientMessageRecord(ClientKey(new Caller(CallerRole.Customer, ConversationId), "start"), message.Seq, reply?.Seq));
        }

        await PersistAsync();
        await EnsureEnqueuedAsync();
        return View();
    }

    public async Task<SendMessageResult> PostMessageAsync(PostMessage command)
    {
        ArgumentNullException.ThrowIfNull(command);
        EnsureStarted();
        MessageRules.Validate(command.Text, command.ClientMessageId);

        var key = ClientKey(command.Caller, command.ClientMessageId);
        if (ClientMessages.TryGet(key, out var earlier))
        {
            return await ReplayAsync(earlier);
        }

        var now = time.GetUtcNow();
        var first = S.MessageCount;
        ChatMessage message;
        ChatMessage? reply = null;
        if (command.Caller.Role == CallerRole.Customer)
        {
            if (S.Ownership.Status == ConversationStatus.Resolved)
            {
                S.Ownership = S.Ownership.Reopen(now);
            }

            (message, reply) = await AcceptCustomerMessageAsync(command.Text, now);
        }
        else
        {
            if (!S.Ownership.IsOwnedBy(command.Caller.Id))
            {
                throw HitlException.Forbidden("Only the agent that owns this conversation can write to it.");
            }

            message = Append(Author.Agent, command.Caller.Id, command.Text, now, null, [], null);
            RecordFirstHumanResponse(now);
        }

        Remember(new ClientMessageRecord(key, message.Seq, reply?.Seq));
        await FlushFullPageAsync(newest: (int)(S.MessageCount - first));
        await PersistAsync();
        await EnsureEnqueuedAsync();
        return new SendMessageResult(message, reply, View());
    }

    public async Task<ConversationView> RequestHumanAsync(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        EnsureStarted();
        if (S.Ownership.Status is ConversationStatus.Queued or ConversationStatus.Human)
        {
            // A person is already on the way or on it: asking again changes nothing.
            return View();
        }

        var policy = await policies.GetAsync(Tenant);
        var now = time.GetUtcNow();
        if (S.Ownership.Status == ConversationStatus.Resolved)
        {
            S.Ownership = S.Ownership.Reopen(now);
        }

        Escalate(
            [new Trigger(EscalationReason.ExplicitRequest, "The customer asked for a person (requestHuman).", null)],
            policy.DefaultQueue,
            priority: 1,
            dueAt: now.AddSeconds(policy.SlaSeconds),
            now);
        await PersistAsync();
        await EnsureEnqueuedAsync();
        return View();
    }

    public Task<ConversationView> ResolveAsync(Caller caller) =>
        CloseEscalationAsync(caller, (ownership, now) => ownership.Resolve(now), "resolve", customerMay: true);

    public Task<ConversationView> HandBackAsync(Caller caller) =>
        CloseEscalationAsync(caller, (ownership, now) => ownership.HandBack(now), "hand back", customerMay: false);

    public async Task<ConversationView> TransferAsync(Caller caller, string? queue, string? agentId, string? note)
    {
        ArgumentNullException.ThrowIfNull(caller);
        EnsureStarted();
        if ((queue is null) == (agentId is null))
        {
            throw HitlException.BadInput("Transfer to a queue or to an agent: give exactly one.");
        }

        if (note is { Length: > 1000 })
        {
            throw HitlException.BadInput("A transfer note is at most 1000 characters.");
        }

        var allowed = caller.IsStaffManager || (caller.Role == CallerRole.Agent && S.Ownership.IsOwnedBy(caller.Id));
        if (!allowed)
        {
            throw HitlException.Forbidden("Only the agent that owns this conversation, or a manager, can transfer it.");
        }

        if (S.Ownership.Status is not (ConversationStatus.Human or ConversationStatus.Queued))
        {
            throw HitlException.Conflict($"Only a queued or human-owned conversation can be transferred; it is {S.Ownership.Status}.");
        }

        var previous = S.Escalations.FindLast(e => e.Id == S.Ownership.OpenEscalationId);
        var target = queue ?? previous?.Queue ?? (await policies.GetAsync(Tenant)).DefaultQueue;
        if (queue is not null && !(await GrainFactory.GetGrain<ITenantGrain>(Tenant).GetQueuesAsync()).Contains(queue, StringComparer.Ordinal))
        {
            throw HitlException.BadInput($"There is no queue '{queue}'.");
        }

        var now = time.GetUtcNow();
        var policy = await policies.GetAsync(Tenant);
        var detail = $"Transferred by {caller.Id}" + (agentId is null ? $" to queue '{target}'" : $" to agent '{agentId}'") + (string.IsNullOrWhiteSpace(note) ? "." : $": {note.Trim()}");
        var reasons = new List<Trigger> { new(EscalationReason.Manual, detail, null) };
        reasons.AddRange(previous?.Reasons ?? []);
        var escalation = new EscalationRecord(Ids.New("e_"), reasons, target, previous?.Priority ?? 1, now, now.AddSeconds(policy.SlaSeconds), null, null);
        var item = new WorkItem(escalation.Id, WorkKind.Handoff, ConversationId, target, escalation.Priority, reasons, now, escalation.DueAt, agentId, null, false);

        if (agentId is not null && !await GrainFactory.GetGrain<IAgentGrain>(GrainKeys.Scoped(Tenant, agentId)).TryReserveAsync(item, requireOnline: false))
        {
            throw HitlException.Conflict($"Agent '{agentId}' is offline or at capacity.");
        }

        var waiting = S.Ownership.Status == ConversationStatus.Queued ? previous : null;
        var heldBy = S.Ownership.Status == ConversationStatus.Human ? (S.Ownership.Owner.AgentId, S.Ownership.OpenEscalationId) : (null, null);
        CloseOpenEscalation(now);
        S.Ownership = agentId is null
            ? S.Ownership.TransferToQueue(escalation.Id, target, now)
            : S.Ownership.TransferToAgent(escalation.Id, agentId, now);
        S.Escalations.Add(escalation);
        Touch(now);
        try
        {
            await PersistAsync();
        }
        catch when (agentId is not null)
        {
            await GrainFactory.GetGrain<IAgentGrain>(GrainKeys.Scoped(Tenant, agentId)).ReleaseAsync(item.Id);
            throw;
        }

        if (waiting is not null)
        {
            await WithdrawAsync(waiting);
        }

        if (heldBy is ({ } holder, { } held))
        {
            await GrainFactory.GetGrain<IAgentGrain>(GrainKeys.Scoped(Tenant, holder)).ReleaseAsync(held);
        }

        if (agentId is not null)
        {
            GrainFactory.GetGrain<IAgentGrain>(GrainKeys.Scoped(Tenant, agentId)).AssignedAsync(item.Id).Ignore();
        }

        await EnsureEnqueuedAsync();
        return View();
    }

    /// <summary>
    /// The SLA reminder: an open escalation still without a human response is marked breached and
    /// its priority goes up by one, in the conversation and in its queue. Then the reminder stops.
    /// </summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != SlaReminder)
        {
            return;
        }

        var index = S.Escalations.FindLastIndex(e => e.Id == S.Ownership.OpenEscalationId);
        if (index >= 0 && S.Escalations[index] is { FirstHumanResponseAt: null, Breached: false } open)
        {
            var raised = Math.Min(Policy.MaxPriority, open.Priority + 1);
            S.Escalations[index] = open with { Breached = true, Priority = raised };
            Touch(time.GetUtcNow());
            await PersistAsync();
            if (S.Ownership.Status == ConversationStatus.Queued)
            {
                await GrainFactory.GetGrain<IQueueGrain>(GrainKeys.Scoped(Tenant, open.Queue)).MarkBreachedAsync(open.Id, raised);
            }
        }

        if (await this.GetReminder(SlaReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    public async Task ReturnToQueueAsync(string escalationId, string agentId)
    {
        var escalation = S.Escalations.FindLast(e => e.Id == escalationId);
        if (!S.Started || escalation is null || !S.Ownership.IsOwnedBy(agentId) || S.Ownership.OpenEscalationId != escalationId || escalation.FirstHumanResponseAt is not null)
        {
            return;
        }

        var now = time.GetUtcNow();
        S.Ownership = S.Ownership.Requeue(escalation.Queue, now);
        S.EnqueuedEscalationId = null;
        Touch(now);
        await PersistAsync();
        await GrainFactory.GetGrain<IAgentGrain>(GrainKeys.Scoped(Tenant, agentId)).ReleaseAsync(escalationId);
        await EnsureEnqueuedAsync();
    }

    public Task AcceptReviewAsync(string draftId)
    {
        EnsureStarted();
        if (S.PendingDraft?.Id != draftId)
        {
            throw HitlException.Conflict($"Draft '{draftId}' is not waiting for review.");
        }

        return Task.CompletedTask;
    }

    public async Task<ConversationView> ReviewDraftAsync(string draftId, DraftDecision decision, string? text, string reviewer)
    {
        EnsureStarted();
        if (S.PendingDraft is not { } draft || draft.Id != draftId)
        {
            throw HitlException.Conflict($"Draft '{draftId}' is not waiting for review: it was reviewed already or replaced.");
        }

        if (decision == DraftDecision.Edit)
        {
            MessageRules.ValidateText(text);
        }

        var now = time.GetUtcNow();
        S.PendingDraft = null;
        S.Reviews.Add(new DraftReview(draft, decision, decision == DraftDecision.Edit ? text : null, reviewer, now));
        if (decision == DraftDecision.Reject)
        {
            if (S.Ownership.BotAnswers)
            {
                var policy = await policies.GetAsync(Tenant);
                Escalate([new Trigger(EscalationReason.DraftRejected, $"Reviewer {reviewer} rejected the bot's draft.", draft.Confidence)], policy.DefaultQueue, 1, now.AddSeconds(policy.SlaSeconds), now);
            }
        }
        else
        {
            // Sent once: the draft is no longer pending, so a second review is a conflict.
            Append(Author.Bot, null, decision == DraftDecision.Edit ? text! : draft.Text, now, draft.Confidence, draft.Sources, null);
        }

        Touch(now);
        await PersistAsync();
        await EnsureEnqueuedAsync();
        return View();
    }

    public async Task<ConversationView> RateAsync(int score)
    {
        EnsureStarted();
        if (score is < 1 or > 5)
        {
            throw HitlException.BadInput("A rating is between 1 and 5.");
        }

        if (S.Ownership.Status != ConversationStatus.Resolved)
        {
            throw HitlException.Conflict("Only a resolved conversation can be rated.");
        }

        if (S.Csat is not null)
        {
            throw HitlException.Conflict("This conversation is rated already.");
        }

        S.Csat = score;
        Touch(time.GetUtcNow());
        await PersistAsync();
        return View();
    }

    /// <summary>
    /// Resolve or hand back: by the owning agent, or a manager; the customer may resolve its own conversation. The open escalation closes; a waiting
    /// item leaves its queue and an agent's slot frees up, after the change is durable.
    /// </summary>
    private async Task<ConversationView> CloseEscalationAsync(Caller caller, Func<Ownership, DateTimeOffset, Ownership> transition, string what, bool customerMay)
    {
        ArgumentNullException.ThrowIfNull(caller);
        EnsureStarted();
        var allowed = caller.IsStaffManager
            || (caller.Role == CallerRole.Agent && S.Ownership.IsOwnedBy(caller.Id))
            || (customerMay && caller.Role == CallerRole.Customer);
        if (!allowed)
        {
            throw HitlException.Forbidden($"Only the agent that owns this conversation, or a manager, can {what} it.");
        }

        var now = time.GetUtcNow();
        var next = transition(S.Ownership, now);
        var waiting = S.Ownership.Status == ConversationStatus.Queued ? S.Escalations.FindLast(e => e.Id == S.Ownership.OpenEscalationId) : null;
        var heldBy = S.Ownership.Status == ConversationStatus.Human ? (S.Ownership.Owner.AgentId, S.Ownership.OpenEscalationId) : (null, null);
        CloseOpenEscalation(now);
        S.Ownership = next;
        Touch(now);
        await PersistAsync();
        if (waiting is not null)
        {
            await WithdrawAsync(waiting);
        }

        if (heldBy is ({ } agent, { } item))
        {
            // The agent's slot frees up; it may take the next item.
            await GrainFactory.GetGrain<IAgentGrain>(GrainKeys.Scoped(Tenant, agent)).ReleaseAsync(item);
        }

        return View();
    }

    public async Task<ConversationView> AcceptAssignmentAsync(string escalationId, string agentId)
    {
        EnsureStarted();
        if (S.Ownership.IsOwnedBy(agentId) && S.Ownership.OpenEscalationId == escalationId)
        {
            return View();
        }

        var now = time.GetUtcNow();
        S.Ownership = S.Ownership.Assign(escalationId, agentId, now);
        Touch(now);
        await PersistAsync();
        return View();
    }

    public Task<ConversationView?> GetAsync() => Task.FromResult(S.Started ? View() : null);

    public async Task<IReadOnlyList<ChatMessage>> GetMessagesAsync(int last)
    {
        EnsureStarted();
        if (last <= 0)
        {
            return [];
        }

        var pages = TranscriptLayout.PagesFor(S.MessageCount, S.FlushedPages, last);
        var tail = S.Tail;
        if (pages.Count == 0)
        {
            return tail.Count <= last ? [.. tail] : tail.GetRange(tail.Count - last, last);
        }

        var loaded = await Task.WhenAll(pages.Select(p => Page(p).ReadAsync()));
        var all = loaded.SelectMany(p => p).Concat(tail).ToList();
        return all.Count <= last ? all : all.GetRange(all.Count - last, last);
    }

    public Task<ConversationView?> WatchAsync(ILiveObserver observer)
    {
        _watchers.Watch(observer);
        return GetAsync();
    }

    public Task UnwatchAsync(ILiveObserver observer)
    {
        _watchers.Unwatch(observer);
        return Task.CompletedTask;
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _mark = ConversationMark.Of(S);
        _contribution = ConversationContribution.Of(S);
        // An escalation persisted before its queue confirmed it is sent again (queues ignore duplicates).
        await EnsureEnqueuedAsync();
    }

    /// <summary>
    /// Makes sure the open escalation waits in its queue. Runs after the escalation is durable; if
    /// the queue cannot be reached the conversation keeps retrying while active, and again on its
    /// next activation, so an acknowledged escalation is never lost between the two grains.
    /// </summary>
    private async Task EnsureEnqueuedAsync()
    {
        await EnsureDraftQueuedAsync();
        if (S.Ownership.Status != ConversationStatus.Queued
            || S.Ownership.OpenEscalationId is not { } id
            || S.EnqueuedEscalationId == id
            || S.Escalations.FindLast(e => e.Id == id) is not { } escalation)
        {
            return;
        }

        var item = new WorkItem(escalation.Id, WorkKind.Handoff, ConversationId, escalation.Queue, escalation.Priority, escalation.Reasons, escalation.At, escalation.DueAt, null, null, false);
        try
        {
            await GrainFactory.GetGrain<IQueueGrain>(GrainKeys.Scoped(Tenant, escalation.Queue)).EnqueueAsync(item);
            S.EnqueuedEscalationId = id;
            if (escalation.DueAt is { } due && escalation.FirstHumanResponseAt is null)
            {
                // Durable: fires at the due time even if this grain or the silo was gone in between.
                var dueIn = due - time.GetUtcNow();
                await this.RegisterOrUpdateReminder(SlaReminder, dueIn > TimeSpan.Zero ? dueIn : TimeSpan.Zero, TimeSpan.FromMinutes(1));
            }
            _enqueueRetry?.Dispose();
            _enqueueRetry = null;
        }
        catch (Exception ex) when (ex is not HitlException)
        {
            LogEnqueueFailed(logger, ex, this.GetPrimaryKeyString(), escalation.Queue);
            _enqueueRetry ??= this.RegisterGrainTimer(EnsureEnqueuedAsync, new GrainTimerCreationOptions(EnqueueRetry, EnqueueRetry) { Interleave = false });
        }
    }

    /// <summary>A pending draft waits in the review queue as a DRAFT_REVIEW item (sent again until the queue confirms).</summary>
    private async Task EnsureDraftQueuedAsync()
    {
        if (S.PendingDraft is not { } draft || S.EnqueuedDraftId == draft.Id)
        {
            return;
        }

        var item = new WorkItem(draft.Id, WorkKind.DraftReview, ConversationId, ReviewQueue, 0, [], S.PendingDraftAt ?? S.UpdatedAt, null, null, draft, false);
        try
        {
            await GrainFactory.GetGrain<IQueueGrain>(GrainKeys.Scoped(Tenant, ReviewQueue)).EnqueueAsync(item);
            S.EnqueuedDraftId = draft.Id;
        }
        catch (Exception ex) when (ex is not HitlException)
        {
            LogEnqueueFailed(logger, ex, this.GetPrimaryKeyString(), ReviewQueue);
            _enqueueRetry ??= this.RegisterGrainTimer(EnsureEnqueuedAsync, new GrainTimerCreationOptions(EnqueueRetry, EnqueueRetry) { Interleave = false });
        }
    }

    /// <summary>Takes a withdrawn escalation out of its queue (best effort: a stale item is refused when offered).</summary>
    private async Task WithdrawAsync(EscalationRecord escalation)
    {
        try
        {
            await GrainFactory.GetGrain<IQueueGrain>(GrainKeys.Scoped(Tenant, escalation.Queue)).RemoveAsync(escalation.Id);
        }
        catch (Exception ex) when (ex is not HitlException)
        {
            LogEnqueueFailed(logger, ex, this.GetPrimaryKeyString(), escalation.Queue);
        }
    }

    private ClientMessageWindow ClientMessages => _clientMessages ??= ClientMessageWindow.Load(S, RememberedClientMessages);

    private static string ClientKey(Caller caller, string clientMessageId) =>
        caller.Role == CallerRole.Customer ? $"c:{clientMessageId}" : $"s:{caller.Id}:{clientMessageId}";

    private void Remember(ClientMessageRecord record)
    {
        ClientMessages.Remember(record);
        S.PackedClientMessages = ClientMessages.Pack();
        S.RecentClientMessages.Clear();
    }

    private async Task<SendMessageResult> ReplayAsync(ClientMessageRecord earlier)
    {
        var message = await MessageAtAsync(earlier.MessageSeq);
        var reply = earlier.ReplySeq is { } replySeq ? await MessageAtAsync(replySeq) : null;
        return new SendMessageResult(message, reply, View());
    }

    private async Task<ChatMessage> MessageAtAsync(long seq)
    {
        if (TranscriptLayout.PageOf(seq, S.FlushedPages) is { } pageNo)
        {
            var page = await Page(pageNo).ReadAsync();
            return page[(int)(seq - ((long)pageNo * TranscriptLayout.PageSize))];
        }

        return S.Tail[(int)(seq - ((long)S.FlushedPages * TranscriptLayout.PageSize))];
    }

    /// <summary>
    /// Appends a customer message with its sentiment and, while the bot owns the conversation, runs
    /// the escalation engine: escalate (the bot is not asked when the message alone decides it),
    /// hold the bot's answer as a draft, or answer. Nothing is persisted here; the caller writes once.
    /// </summary>
    private async Task<(ChatMessage Message, ChatMessage? Reply)> AcceptCustomerMessageAsync(string text, DateTimeOffset now)
    {
        var score = sentiment.Score(text);
        double? previous = S.CustomerMessages > 0 ? S.Sentiment : null;
        S.Sentiment = SentimentTracker.Update(previous, score);
        S.CustomerMessages++;
        var message = Append(Author.Customer, null, text, now, null, [], score);
        if (!S.Ownership.BotAnswers)
        {
            return (message, null);
        }

        var policy = await policies.GetAsync(Tenant);
        var context = new EscalationContext(text, score, previous, S.AnsweredQuestions, null, policy) { QuestionStems = _questionStemsLookup ??= QuestionStems };
        BotAnswer? answer = null;
        var decision = escalation.EvaluateMessage(context);
        if (decision is null)
        {
            answer = await AskBotAsync(text);
            decision = escalation.DecideWithAnswer(context with { Answer = answer, BotConsulted = true });
        }

        switch (decision.Kind)
        {
            case EscalationDecisionKind.Escalate:
                Escalate(decision.Reasons, decision.Queue ?? policy.DefaultQueue, decision.Priority, now.AddSeconds(policy.SlaSeconds), now);
                return (message, null);
            case EscalationDecisionKind.Draft:
                // Held for a reviewer; the customer sees nothing until it is approved.
                S.PendingDraft = new Draft(Ids.New("d_"), answer!.Text, answer.Confidence, answer.Sources);
                S.PendingDraftAt = now;
                return (message, null);
            default:
                RememberAnswered(text);
                return (message, Append(Author.Bot, null, answer!.Text, time.GetUtcNow(), Math.Clamp(answer.Confidence, 0, 1), answer.Sources, null));
        }
    }

    private async Task<BotAnswer?> AskBotAsync(string question)
    {
        try
        {
            using var timeout = new CancellationTokenSource(BotTimeout);
            var recent = S.Tail.Where(m => m.Author == Author.Customer).TakeLast(5).Select(m => m.Text).ToList();
            return await bot.AnswerAsync(new BotRequest(Tenant, question, recent), timeout.Token);
        }
        catch (Exception ex) when (ex is not HitlException)
        {
            // The customer's message is kept; with no answer the engine escalates.
            LogBotFailed(logger, ex, this.GetPrimaryKeyString());
            return null;
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

    private void RememberAnswered(string question)
    {
        S.AnsweredQuestions.Add(question);
        if (S.AnsweredQuestions.Count > RememberedQuestions)
        {
            S.AnsweredQuestions.RemoveAt(0);
        }
    }

    private void Escalate(IReadOnlyList<Trigger> reasons, string queue, int priority, DateTimeOffset? dueAt, DateTimeOffset now)
    {
        var escalation = new EscalationRecord(Ids.New("e_"), reasons, queue, priority, now, dueAt, null, null);
        S.Ownership = S.Ownership.Escalate(escalation.Id, queue, now);
        S.Escalations.Add(escalation);
        Append(Author.System, null, HandoffNotice, now, null, [], null);
    }

    private void CloseOpenEscalation(DateTimeOffset now)
    {
        var index = S.Escalations.FindLastIndex(e => e.Id == S.Ownership.OpenEscalationId);
        if (index >= 0)
        {
            S.Escalations[index] = S.Escalations[index] with { ClosedAt = now };
        }
    }

    private void RecordFirstHumanResponse(DateTimeOffset now)
    {
        var index = S.Escalations.FindLastIndex(e => e.Id == S.Ownership.OpenEscalationId);
        if (index >= 0 && S.Escalations[index].FirstHumanResponseAt is null)
        {
            S.Escalations[index] = S.Escalations[index] with { FirstHumanResponseAt = now };
        }
    }

    private ChatMessage Append(Author author, string? authorId, string text, DateTimeOffset at, double? confidence, IReadOnlyList<string> sources, double? sentiment)
    {
        var seq = S.MessageCount;
        var message = new ChatMessage($"{ConversationId}-{seq}", seq, author, authorId, text, at, confidence, sources, sentiment);
        S.Tail.Add(message);
        S.MessageCount++;
        Touch(at);
        return message;
    }

    private void Touch(DateTimeOffset now)
    {
        S.UpdatedAt = now;
        S.Version++;
    }

    /// <summary>
    /// Moves the oldest full page of the tail to its page grain, keeping the <paramref name="newest"/> messages this
    /// command added for its watchers; the page is written before the state forgets it.
    /// </summary>
    private async Task FlushFullPageAsync(int newest)
    {
        if (!TranscriptLayout.ShouldFlush(S.Tail.Count, newest))
        {
            return;
        }

        var page = S.Tail.GetRange(0, TranscriptLayout.PageSize);
        await Page(S.FlushedPages).WriteAsync(page);
        S.Tail.RemoveRange(0, TranscriptLayout.PageSize);
        S.FlushedPages++;
    }

    private ITranscriptPageGrain Page(int pageNo) =>
        GrainFactory.Reference<ITranscriptPageGrain>(GrainKeys.Page(Tenant, ConversationId, pageNo));

    private async Task PersistAsync()
    {
        try
        {
            await state.WriteStateAsync();
            Published();
        }
        catch (Exception ex)
        {
            // Nothing is acknowledged: drop the in-memory changes and go back to what storage holds.
            LogPersistFailed(logger, ex, this.GetPrimaryKeyString());
            _clientMessages = null;
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

    /// <summary>The change is durable: report it to the scoreboard and tell watchers what changed since they last heard.</summary>
    private void Published()
    {
        if (ConversationContribution.Of(S) is { } contribution)
        {
            if (ScoreboardDelta.Between(_contribution, contribution) is { } delta)
            {
                GrainFactory.Reference<IScoreboardFeedGrain>(Tenant).RecordAsync(delta).Ignore();
            }

            _contribution = contribution;
        }

        var before = _mark ?? ConversationMark.Of(new ConversationState());
        var after = ConversationMark.Of(S);
        _mark = after;
        if (_watchers.Count == 0)
        {
            return;
        }

        var view = View();
        var seq = before.MessageCount;
        var tailStart = (long)S.FlushedPages * TranscriptLayout.PageSize;
        var changes = new List<ConversationChange>();
        foreach (var kind in ConversationEvents.Between(before, after))
        {
            ChatMessage? message = null;
            if (kind == ConversationEvents.Message)
            {
                var index = seq++ - tailStart;
                message = index >= 0 && index < S.Tail.Count ? S.Tail[(int)index] : null;
            }

            changes.Add(new ConversationChange(Tenant, ConversationId, after.Version, kind, message, view));
        }

        // One notice per change: its events stay together and in order.
        _watchers.Notify(after.Version, before.Version, changes, (o, notice) => o.OnConversationChangedAsync(notice));
    }

    private void EnsureStarted()
    {
        if (!S.Started)
        {
            throw HitlException.NotFound($"Conversation '{ConversationId}' does not exist.");
        }
    }

    private ConversationView View()
    {
        var open = S.Ownership.OpenEscalationId is { } openId ? S.Escalations.FindLast(e => e.Id == openId) : null;
        return new ConversationView(
            ConversationId,
            Tenant,
            S.Ownership.Status,
            S.Ownership.Owner,
            open,
            [.. S.Escalations],
            S.PendingDraft,
            S.MessageCount,
            S.Sentiment,
            S.Csat,
            S.CreatedAt,
            S.UpdatedAt,
            S.CustomerName,
            S.Version);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The bot failed to answer in conversation {Conversation}; the message is kept and the conversation escalates.")]
    private static partial void LogBotFailed(ILogger logger, Exception exception, string conversation);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conversation {Conversation} could not reach queue {Queue}; it retries.")]
    private static partial void LogEnqueueFailed(ILogger logger, Exception exception, string conversation, string queue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Persisting conversation {Conversation} failed; the activation reloads from storage.")]
    private static partial void LogPersistFailed(ILogger logger, Exception exception, string conversation);
}
