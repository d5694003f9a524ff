using Hitl.Grains.Common;
using Hitl.Grains.Escalation;
using Hitl.Grains.Knowledge;
using Hitl.Grains.Tenants;
using Microsoft.Extensions.Logging;

namespace Hitl.Grains.Conversations;

public sealed partial class ConversationGrain(
    [PersistentState("conversation", HitlStorage.Name)] IPersistentState<ConversationState> state,
    IBot bot,
    TimeProvider time,
    ILogger<ConversationGrain> logger) : Grain, IConversationGrain
{
    /// <summary>How many client message ids a conversation remembers for idempotent retries.</summary>
    public const int RememberedClientMessages = 256;

    private static readonly TimeSpan BotTimeout = TimeSpan.FromSeconds(20);

    private Dictionary<string, ClientMessageRecord>? _clientMessages;
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
            var message = Append(Author.Customer, null, firstMessage, now, null, [], null);
            var reply = await AnswerWithBotAsync(firstMessage);
            Remember(new ClientMessageRecord(ClientKey(new Caller(CallerRole.Customer, ConversationId), "start"), message.Seq, reply?.Seq));
        }

        await PersistAsync();
        return View();
    }

    public async Task<SendMessageResult> PostMessageAsync(PostMessage command)
    {
        ArgumentNullException.ThrowIfNull(command);
        EnsureStarted();
        MessageRules.Validate(command.Text, command.ClientMessageId);

        var key = ClientKey(command.Caller, command.ClientMessageId);
        if (ClientMessages.TryGetValue(key, out var earlier))
        {
            return await ReplayAsync(earlier);
        }

        var now = time.GetUtcNow();
        ChatMessage message;
        ChatMessage? reply = null;
        if (command.Caller.Role == CallerRole.Customer)
        {
            if (S.Ownership.Status == ConversationStatus.Resolved)
            {
                S.Ownership = S.Ownership.Reopen(now);
            }

            message = Append(Author.Customer, null, command.Text, now, null, [], null);
            if (S.Ownership.BotAnswers)
            {
                reply = await AnswerWithBotAsync(command.Text);
            }
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
        await FlushFullPageAsync();
        await PersistAsync();
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

        var policy = await GrainFactory.GetGrain<ITenantGrain>(Tenant).GetPolicyAsync();
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
        return View();
    }

    public async Task<ConversationView> ResolveAsync(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        EnsureStarted();
        var allowed = caller.IsStaffManager || (caller.Role == CallerRole.Agent && S.Ownership.IsOwnedBy(caller.Id));
        if (!allowed)
        {
            throw HitlException.Forbidden("Only the agent that owns this conversation, or a manager, can resolve it.");
        }

        var now = time.GetUtcNow();
        var next = S.Ownership.Resolve(now);
        CloseOpenEscalation(now);
        S.Ownership = next;
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

    private Dictionary<string, ClientMessageRecord> ClientMessages =>
        _clientMessages ??= S.RecentClientMessages.ToDictionary(r => r.Key, StringComparer.Ordinal);

    private static string ClientKey(Caller caller, string clientMessageId) =>
        caller.Role == CallerRole.Customer ? $"c:{clientMessageId}" : $"s:{caller.Id}:{clientMessageId}";

    private void Remember(ClientMessageRecord record)
    {
        S.RecentClientMessages.Add(record);
        ClientMessages[record.Key] = record;
        if (S.RecentClientMessages.Count > RememberedClientMessages)
        {
            var oldest = S.RecentClientMessages[0];
            S.RecentClientMessages.RemoveAt(0);
            ClientMessages.Remove(oldest.Key);
        }
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

    private async Task<ChatMessage?> AnswerWithBotAsync(string question)
    {
        BotAnswer answer;
        try
        {
            using var timeout = new CancellationTokenSource(BotTimeout);
            var recent = S.Tail.Where(m => m.Author == Author.Customer).TakeLast(5).Select(m => m.Text).ToList();
            answer = await bot.AnswerAsync(new BotRequest(Tenant, question, recent), timeout.Token);
        }
        catch (Exception ex) when (ex is not HitlException)
        {
            // The customer's message is kept and acknowledged; the bot just has nothing to say.
            LogBotFailed(logger, ex, this.GetPrimaryKeyString());
            return null;
        }

        return Append(Author.Bot, null, answer.Text, time.GetUtcNow(), Math.Clamp(answer.Confidence, 0, 1), answer.Sources, null);
    }

    private void Escalate(IReadOnlyList<Trigger> reasons, string queue, int priority, DateTimeOffset? dueAt, DateTimeOffset now)
    {
        var escalation = new EscalationRecord(Ids.New("e_"), reasons, queue, priority, now, dueAt, null, null);
        S.Ownership = S.Ownership.Escalate(escalation.Id, queue, now);
        S.Escalations.Add(escalation);
        Append(Author.System, null, "A person from our team will take over this conversation shortly.", now, null, [], null);
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

    /// <summary>Moves the oldest full page of the tail to its page grain; the page is written before the state forgets it.</summary>
    private async Task FlushFullPageAsync()
    {
        if (!TranscriptLayout.ShouldFlush(S.Tail.Count))
        {
            return;
        }

        var page = S.Tail.GetRange(0, TranscriptLayout.PageSize);
        await Page(S.FlushedPages).WriteAsync(page);
        S.Tail.RemoveRange(0, TranscriptLayout.PageSize);
        S.FlushedPages++;
    }

    private ITranscriptPageGrain Page(int pageNo) =>
        GrainFactory.GetGrain<ITranscriptPageGrain>(GrainKeys.Page(Tenant, ConversationId, pageNo));

    private async Task PersistAsync()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception ex)
        {
            // Nothing is acknowledged; drop the in-memory changes by reloading on the next call.
            LogPersistFailed(logger, ex, this.GetPrimaryKeyString());
            _clientMessages = null;
            DeactivateOnIdle();
            throw;
        }
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "The bot failed to answer in conversation {Conversation}; the message is kept without a reply.")]
    private static partial void LogBotFailed(ILogger logger, Exception exception, string conversation);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Persisting conversation {Conversation} failed; the activation reloads from storage.")]
    private static partial void LogPersistFailed(ILogger logger, Exception exception, string conversation);
}
