using Hitl.Grains.Common;
using Hitl.Grains.Escalation;
using Hitl.Grains.Escalation.Meaning;
using Hitl.Grains.Knowledge;
using Microsoft.Extensions.Logging;

namespace Hitl.Grains.Conversations;

/// <summary>
/// Decides how the bot takes a customer's turn: the escalation engine looks at the message alone first (an explicit
/// request or a sensitive topic escalates without asking the bot); otherwise the bot answers, within
/// <see cref="Timeout"/>, and the engine decides with the answer: escalate, hold as a draft, or send. A bot that
/// fails or times out gives no answer, and the engine escalates; the customer's message is kept either way.
/// </summary>
public sealed partial class BotTurn(IBot bot, EscalationEngine engine, ILogger logger, MeaningReader? meaning = null)
{
    /// <summary>How long a customer message waits for the bot at most.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    /// <summary>How many recent customer messages the bot gets as context.</summary>
    public const int Context = 5;

    /// <summary>
    /// The context with the message's meaning (hybrid retrieval: its sentence vector, the answered questions' vectors,
    /// its intent) for the triggers; unchanged in lexical mode, or when the model fails (the word-based measures still run).
    /// </summary>
    public async Task<EscalationContext> UnderstandAsync(EscalationContext context, string conversation)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (meaning is not { Enabled: true })
        {
            return context;
        }

        try
        {
            using var timeout = new CancellationTokenSource(Timeout);
            return context with { Meaning = await meaning.ReadAsync(context.Text, context.AnsweredQuestions, timeout.Token) };
        }
        catch (Exception ex) when (ex is not HitlException)
        {
            LogMeaningFailed(logger, ex, conversation);
            return context;
        }
    }

    /// <summary>The engine's verdict on the message alone; null when the bot must be asked.</summary>
    public EscalationDecision? Screen(EscalationContext context) => engine.EvaluateMessage(context);

    /// <summary>Asks the bot, then decides with its answer (null when it failed).</summary>
    public async Task<(EscalationDecision Decision, BotAnswer? Answer)> AskAsync(EscalationContext context, BotRequest request, string conversation)
    {
        ArgumentNullException.ThrowIfNull(context);
        BotAnswer? answer;
        try
        {
            using var timeout = new CancellationTokenSource(Timeout);
            answer = await bot.AnswerAsync(request, timeout.Token);
        }
        catch (Exception ex) when (ex is not HitlException)
        {
            LogBotFailed(logger, ex, conversation);
            answer = null;
        }

        return (engine.DecideWithAnswer(context with { Answer = answer, BotConsulted = true }), answer);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the meaning of a message failed in conversation {Conversation}; the triggers use their word-based measures.")]
    private static partial void LogMeaningFailed(ILogger logger, Exception exception, string conversation);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The bot failed to answer in conversation {Conversation}; the message is kept and the conversation escalates.")]
    private static partial void LogBotFailed(ILogger logger, Exception exception, string conversation);
}
