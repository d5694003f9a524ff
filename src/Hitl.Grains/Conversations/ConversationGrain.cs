using System.Diagnostics.CodeAnalysis;
using Hitl.Grains.Agents;
using Hitl.Grains.Common;
using Hitl.Grains.Escalation;
using Hitl.Grains.Escalation.Meaning;
using Hitl.Grains.Escalation.Text;
using Hitl.Grains.Knowledge;
using Hitl.Grains.Live;
using Hitl.Grains.Queues;
using Hitl.Grains.Tenants;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hitl.Grains.Conversations;

/// <summary>
/// The shell around one <see cref="Conversation"/>: each command loads nothing (the state is in memory), asks the
/// aggregate, persists (<see cref="StateWrites"/>: a failed write drops the activation and answers UNAVAILABLE),
/// then performs the effects, sends what waits to its queue (<see cref="HandoffOutbox"/>) and publishes
/// (<see cref="ConversationPublisher"/>).
/// </summary>
/// <remarks>
/// <para>
/// The bot may take seconds. While a command waits on it, the grain's turn is held (Orleans runs one request at a
/// time), so queues offering an assignment or a draft review to this conversation would wait behind it, and with
/// them every other offer of their queue. Those two proposals, <see cref="AcceptAssignmentAsync"/> and
/// <see cref="AcceptReviewAsync"/>, therefore interleave, under <see cref="_turn"/>: every command holds it, and a
/// command waiting on the bot lets go of it for that wait only. A proposal that gets in then sees a conversation
/// the bot owns (the bot is only asked while it does, and nothing that wait leaves unwritten touches ownership or
/// the draft): an assignment is refused with CONFLICT at once, a review proposal is checked against the draft,
/// and neither writes.
/// </para>
/// </remarks>
[SuppressMessage("Design", "CA1001", Justification = "The turn's SemaphoreSlim holds an OS handle only once AvailableWaitHandle is read, which never happens.")]
public sealed class ConversationGrain : Grain, IConversationGrain, IRemindable
{
    private readonly IPersistentState<ConversationState> _state;
    private readonly BotTurn _bot;
    private readonly SentimentScorer _sentiment;
    private readonly TenantPolicyCache _policies;
    private readonly TimeProvider _time;
    private readonly ILogger<ConversationGrain> _logger;
    private readonly ConversationLimits _limits;
    private readonly OpenConversationGauge _gauge;
    private readonly SemaphoreSlim _turn = new(1, 1);
    private Conversation? _conversation;
    private TranscriptPager? _transcript;
    private HandoffOutbox? _outbox;
    private ConversationPublisher? _publisher;

    // Idle conversations leave memory (ConversationLimits.IdleConversationTtl): when this activation began, and the
    // timer armed for the moment the conversation would idle out.
    private DateTimeOffset _activatedAt;
    private IGrainTimer? _idleTimer;

    // Whether this activation counts itself in the silo's open conversations (ConversationLimits.OpenConversationsPerTenant).
    private bool _countedOpen;

    // Set when a write failed, or a command failed between changing the state and writing it: the activation is on
    // its way out and its memory may hold what storage does not.
    private bool _writeFailed;

    // The state's version as last read or written: anything else in memory is not stored yet.
    private long _storedVersion;

    public ConversationGrain(
        [PersistentState("conversation", HitlStorage.Name)] IPersistentState<ConversationState> state,
        IBot bot,
        EscalationEngine escalation,
        SentimentScorer sentiment,
        TenantPolicyCache policies,
        TimeProvider time,
        ILogger<ConversationGrain> logger,
        IOptions<ConversationLimits> limits,
        OpenConversationGauge gauge,
        MeaningReader meaning)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _limits = limits.Value;
        _gauge = gauge;
        _state = state;
        _bot = new BotTurn(bot, escalation, logger, meaning);
        _sentiment = sentiment;
        _policies = policies;
        _time = time;
        _logger = logger;
    }

    private Conversation C => _conversation ?? throw new InvalidOperationException("The conversation grain is not active.");

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var (tenant, id) = GrainKeys.Split(this.GetPrimaryKeyString());
        _conversation = new Conversation(tenant, id, _state.State);
        _transcript = new TranscriptPager(GrainFactory, _state.State, tenant, id);
        _outbox = new HandoffOutbox(this, GrainFactory, _conversation, _time, _logger);
        _publisher = new ConversationPublisher(GrainFactory, _conversation, _logger);
        _storedVersion = _state.State.Version;

        // An escalation persisted before its queue confirmed it is sent again (queues ignore duplicates).
        await FlushOutboxAsync();

        _activatedAt = _time.GetUtcNow();
        CountOpen();
        if (_limits.IdleConversationTtl > TimeSpan.Zero)
        {
            _idleTimer = this.RegisterGrainTimer(IdleTickAsync, new GrainTimerCreationOptions(UntilIdle(), Timeout.InfiniteTimeSpan) { Interleave = false });
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_countedOpen)
        {
            _countedOpen = false;
            _gauge.Remove(C.Tenant);
        }

        return Task.CompletedTask;
    }

    public Task<ConversationView> StartAsync(string? customerName, string? firstMessage) => InTurnAsync(async () =>
    {
        if (!C.Started && _gauge.Count(C.Tenant) >= _limits.OpenConversationsPerTenant)
        {
            // Nothing was created: this empty activation leaves memory at once.
            DeactivateOnIdle();
            throw HitlException.RateLimited("Too many open conversations for this tenant; try again later.");
        }

        var now = _time.GetUtcNow();
        C.Start(customerName, firstMessage, now);
        if (firstMessage is not null)
        {
            var (message, reply) = await TakeCustomerMessageAsync(firstMessage, now);
            C.Remember(new Caller(CallerRole.Customer, C.Id), "start", message, reply);
        }

        await CommitAsync();
        return C.View();
    });

    public Task<SendMessageResult> PostMessageAsync(PostMessage command) => InTurnAsync(async () =>
    {
        if (C.CheckMessage(command) is { } earlier)
        {
            return await ReplayAsync(earlier);
        }

        var now = _time.GetUtcNow();
        var first = C.State.MessageCount;
        var (message, reply) = command.Caller.Role == CallerRole.Customer
            ? await TakeCustomerMessageAsync(command.Text, now)
            : (C.AppendAgentMessage(command.Caller, command.Text, now), null);
        C.Remember(command.Caller, command.ClientMessageId, message, reply);
        await _transcript!.FlushFullPageAsync(newest: (int)(C.State.MessageCount - first));
        await CommitAsync();
        return new SendMessageResult(message, reply, C.View());
    });

    public Task<ConversationView> RequestHumanAsync(Caller caller) => InTurnAsync(async () =>
    {
        C.EnsureStarted();
        var now = _time.GetUtcNow();
        var cooldown = _limits.RequestHumanCooldown;
        var policy = await _policies.GetAsync(C.Tenant);

        // A full queue refuses an explicit request before anything changes (ConversationLimits.WaitingItemsPerQueue).
        if (C.CheckRequestHuman(caller, now, cooldown)
            && !await GrainFactory.GetGrain<IQueueGrain>(GrainKeys.Scoped(C.Tenant, policy.DefaultQueue)).HasRoomAsync())
        {
            throw HitlException.RateLimited($"Queue '{policy.DefaultQueue}' is full; try again later.");
        }

        if (C.RequestHuman(caller, policy, now, cooldown))
        {
            await CommitAsync();
        }

        return C.View();
    });

    public Task<ConversationView> ResolveAsync(Caller caller) =>
        InTurnAsync(() => CommitAsync(C.Resolve(caller, _time.GetUtcNow())));

    public Task<ConversationView> HandBackAsync(Caller caller) =>
        InTurnAsync(() => CommitAsync(C.HandBack(caller, _time.GetUtcNow())));

    public Task<ConversationView> TransferAsync(Caller caller, string? queue, string? agentId, string? note) => InTurnAsync(async () =>
    {
        C.EnsureStarted();
        var plan = C.PlanTransfer(caller, queue, agentId, note, await _policies.GetAsync(C.Tenant), _time.GetUtcNow());
        if (queue is not null && !(await GrainFactory.GetGrain<ITenantGrain>(C.Tenant).GetQueuesAsync()).Contains(queue, StringComparer.Ordinal))
        {
            throw HitlException.BadInput($"There is no queue '{queue}'.");
        }

        if (plan.AgentId is not { } agent)
        {
            return await CommitAsync(C.Transfer(plan, _time.GetUtcNow()));
        }

        // The agent's slot is reserved first; if the transfer is not stored after all, it is given back.
        if (!await Agent(agent).TryReserveAsync(plan.Item, requireOnline: false))
        {
            throw HitlException.Conflict($"Agent '{agent}' is offline or at capacity.");
        }

        try
        {
            return await CommitAsync(C.Transfer(plan, _time.GetUtcNow()));
        }
        catch (HitlException) when (_writeFailed)
        {
            // Not stored: the agent's slot is given back. (A failure after the write leaves the transfer standing.)
            await Agent(agent).ReleaseAsync(plan.Item.Id);
            throw;
        }
    });

    /// <summary>The SLA reminder: an open escalation still without a human response is marked breached (once), then the reminder stops.</summary>
    public Task ReceiveReminder(string reminderName, TickStatus status) => InTurnAsync(async () =>
    {
        if (reminderName != HandoffOutbox.SlaReminder)
        {
            return true;
        }

        if (C.BreachSla(_time.GetUtcNow()) is { } effects)
        {
            await CommitAsync(effects);
        }

        if (await this.GetReminder(HandoffOutbox.SlaReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        return true;
    });

    public Task ReturnToQueueAsync(string escalationId, string agentId) => InTurnAsync(async () =>
    {
        if (C.ReturnToQueue(escalationId, agentId, _time.GetUtcNow()) is { } effects)
        {
            await CommitAsync(effects);
        }

        return true;
    });

    public Task AcceptReviewAsync(string draftId) => InTurnAsync(() =>
    {
        C.EnsureDraftPending(draftId);
        return Task.FromResult(true);
    });

    public Task ReturnReviewAsync(string draftId) => InTurnAsync(async () =>
    {
        if (C.ReturnReview(draftId))
        {
            await FlushOutboxAsync();
        }

        return true;
    });

    public Task<ConversationView> AcceptAssignmentAsync(string escalationId, string agentId) => InTurnAsync(async () =>
    {
        if (C.AcceptAssignment(escalationId, agentId, _time.GetUtcNow()))
        {
            await CommitAsync();
        }

        return C.View();
    });

    public Task<ConversationView> ReviewDraftAsync(string draftId, DraftDecision decision, string? text, string reviewer) => InTurnAsync(async () =>
    {
        C.EnsureStarted();
        var policy = await _policies.GetAsync(C.Tenant);
        C.ReviewDraft(draftId, decision, text, reviewer, policy, _time.GetUtcNow());
        await CommitAsync();
        return C.View();
    });

    public Task<ConversationView> RateAsync(Caller caller, int score) => InTurnAsync(async () =>
    {
        C.Rate(caller, score, _time.GetUtcNow());
        await CommitAsync();
        return C.View();
    });

    public Task<ConversationView?> GetAsync()
    {
        EnsureServing();
        return Task.FromResult(C.Started ? C.View() : null);
    }

    public Task<IReadOnlyList<ChatMessage>> GetMessagesAsync(int last)
    {
        EnsureServing();
        C.EnsureStarted();
        return _transcript!.LastAsync(last);
    }

    public Task<IReadOnlyList<ChatMessage>> GetMessagesBeforeAsync(long beforeSeq, int last)
    {
        EnsureServing();
        C.EnsureStarted();
        return _transcript!.RangeAsync(beforeSeq - last, beforeSeq);
    }

    public Task<ConversationView?> WatchAsync(ILiveObserver observer)
    {
        _publisher!.Watch(observer);
        return GetAsync();
    }

    public Task UnwatchAsync(ILiveObserver observer)
    {
        _publisher!.Unwatch(observer);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Appends a customer message and, while the bot owns the conversation, lets the engine and the bot decide:
    /// escalate, hold the answer as a draft, or answer. Nothing is persisted here; the command writes once.
    /// </summary>
    private async Task<(ChatMessage Message, ChatMessage? Reply)> TakeCustomerMessageAsync(string text, DateTimeOffset now)
    {
        var customer = C.AppendCustomerMessage(text, _sentiment.Score(text), now);
        if (!customer.BotAnswers)
        {
            return (customer.Message, null);
        }

        var policy = await _policies.GetAsync(C.Tenant);
        var context = await _bot.UnderstandAsync(C.EscalationContextFor(customer, policy), this.GetPrimaryKeyString());
        BotAnswer? answer = null;
        if (_bot.Screen(context) is not { } decision)
        {
            var request = new BotRequest(C.Tenant, text, C.RecentCustomerMessages(BotTurn.Context));

            // Proposals may interleave while the bot thinks (see the remarks on this class).
            _turn.Release();
            try
            {
                (decision, answer) = await _bot.AskAsync(context, request, this.GetPrimaryKeyString());
            }
            finally
            {
                await _turn.WaitAsync();
            }
        }

        return (customer.Message, C.ApplyBotDecision(customer, decision, answer, policy, now, _time.GetUtcNow()));
    }

    private async Task<SendMessageResult> ReplayAsync(ClientMessageRecord earlier)
    {
        var message = await _transcript!.MessageAtAsync(earlier.MessageSeq);
        var reply = earlier.ReplySeq is { } replySeq ? await _transcript.MessageAtAsync(replySeq) : null;
        return new SendMessageResult(message, reply, C.View());
    }

    /// <summary>
    /// Persists the change (a failed write drops the activation and answers UNAVAILABLE), publishes it, performs its
    /// effects, sends what waits to its queue, and returns the view.
    /// </summary>
    private async Task<ConversationView> CommitAsync(IReadOnlyList<ConversationEffect> effects)
    {
        try
        {
            await _state.WriteOrResetAsync(this, _logger);
        }
        catch (HitlException)
        {
            _writeFailed = true;
            throw;
        }

        _storedVersion = C.State.Version;
        CountOpen();

        _publisher!.Published();
        foreach (var effect in effects)
        {
            switch (effect)
            {
                case ConversationEffect.Withdraw withdraw:
                    await _outbox!.WithdrawAsync(withdraw.Queue, withdraw.ItemId);
                    break;
                case ConversationEffect.ReleaseAgent release:
                    await Agent(release.AgentId).ReleaseAsync(release.ItemId);
                    break;
                case ConversationEffect.TellAssigned assigned:
                    Agent(assigned.AgentId).AssignedAsync(assigned.ItemId).Ignore();
                    break;
                case ConversationEffect.RaisePriority raise:
                    await GrainFactory.GetGrain<IQueueGrain>(GrainKeys.Scoped(C.Tenant, raise.Queue)).MarkBreachedAsync(raise.ItemId, raise.Priority);
                    break;
            }
        }

        await FlushOutboxAsync();
        return C.View();
    }

    private Task<ConversationView> CommitAsync() => CommitAsync([]);

    private Task FlushOutboxAsync() => _outbox!.FlushAsync(RetryOutboxAsync);

    private Task RetryOutboxAsync() => InTurnAsync(async () =>
    {
        await FlushOutboxAsync();
        return true;
    });

    /// <summary>
    /// Runs a command under the turn gate. A command that fails after it changed the state but before that change
    /// was written leaves the activation holding what storage does not: it is dropped like after a failed write.
    /// </summary>
    private async Task<T> InTurnAsync<T>(Func<Task<T>> command)
    {
        await _turn.WaitAsync();
        try
        {
            EnsureServing();
            return await command();
        }
        catch (Exception) when (_conversation is not null && C.State.Version != _storedVersion && !_writeFailed)
        {
            _writeFailed = true;
            DeactivateOnIdle();
            throw;
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <summary>Nothing half-applied is served: after a failed write every call fails UNAVAILABLE until the activation is gone.</summary>
    private void EnsureServing()
    {
        if (_writeFailed)
        {
            throw HitlException.Unavailable(StateWrites.Message);
        }
    }

    /// <summary>
    /// The idle timer (<see cref="ConversationLimits.IdleConversationTtl"/>): a conversation with the bot, or resolved,
    /// that nothing changed for the configured time is closed (resolved if the bot had it). If it idled out while in
    /// memory, the activation goes; if it was idle already when it came back into memory (someone read it), it is
    /// only closed, and Orleans collects the activation once nobody uses it, so a watcher that renews its watch does
    /// not make it come and go in a loop. Otherwise the timer is armed again for the new moment.
    /// </summary>
    private Task IdleTickAsync() => InTurnAsync(async () =>
    {
        var ttl = _limits.IdleConversationTtl;
        var now = _time.GetUtcNow();
        if (C.IdleExpiresAt(ttl) is not { } expires || now < expires)
        {
            _idleTimer?.Change(UntilIdle(), Timeout.InfiniteTimeSpan);
            return true;
        }

        if (C.CloseIdle(ttl, now) == true)
        {
            await CommitAsync();
        }

        if (expires >= _activatedAt)
        {
            DeactivateOnIdle();
        }
        else
        {
            _idleTimer?.Change(ClampTimer(ttl), Timeout.InfiniteTimeSpan);
        }

        return true;
    });

    /// <summary>How long until the conversation would idle out; the whole time to live while it cannot (a person has it).</summary>
    private TimeSpan UntilIdle()
    {
        var ttl = _limits.IdleConversationTtl;
        var due = C.IdleExpiresAt(ttl) is { } expires ? expires - _time.GetUtcNow() : ttl;
        return ClampTimer(due);
    }

    /// <summary>Grain timers take at most about 49 days; the check simply runs again then.</summary>
    private static TimeSpan ClampTimer(TimeSpan due) =>
        due < TimeSpan.Zero ? TimeSpan.Zero : due > MaxTimerDue ? MaxTimerDue : due;

    private static readonly TimeSpan MaxTimerDue = TimeSpan.FromDays(24);

    /// <summary>Keeps this activation's place in the silo's open conversations (<see cref="OpenConversationGauge"/>) in step with its status.</summary>
    private void CountOpen()
    {
        var open = C.Started && C.Ownership.Status != ConversationStatus.Resolved;
        if (open && !_countedOpen)
        {
            _gauge.Add(C.Tenant);
            _countedOpen = true;
        }
        else if (!open && _countedOpen)
        {
            _gauge.Remove(C.Tenant);
            _countedOpen = false;
        }
    }

    private IAgentGrain Agent(string agentId) => GrainFactory.GetGrain<IAgentGrain>(GrainKeys.Scoped(C.Tenant, agentId));
}
