using Hitl.Grains.Escalation.Meaning;
using Hitl.Grains.Escalation.Text;
using Hitl.Grains.Knowledge;
using Hitl.Grains.Tenants;

namespace Hitl.Grains.Escalation;

/// <summary>Everything the triggers look at for one customer message.</summary>
/// <param name="Text">The customer's message.</param>
/// <param name="Sentiment">The message's sentiment in [-1, 1].</param>
/// <param name="RunningSentiment">The conversation's running sentiment before this message, or null for the first message.</param>
/// <param name="AnsweredQuestions">Earlier customer questions of this conversation that the bot answered, oldest first.</param>
/// <param name="Answer">The bot's proposed answer; null when the bot was not asked or could not answer.</param>
/// <param name="Policy">The tenant's policy.</param>
public sealed record EscalationContext(
    string Text,
    double Sentiment,
    double? RunningSentiment,
    IReadOnlyList<string> AnsweredQuestions,
    BotAnswer? Answer,
    Policy Policy)
{
    /// <summary>What the sentence embeddings make of the message (hybrid retrieval); null in lexical mode.</summary>
    public MessageMeaning? Meaning { get; init; }

    /// <summary>True when the bot was asked (or tried) and this context carries its outcome.</summary>
    public bool BotConsulted { get; init; }

    /// <summary>
    /// Reduces an answered question to its content stems (<see cref="TextNormalizer.ContentStems"/>). A conversation
    /// supplies one that remembers them, so each question is reduced once rather than at every later message; null:
    /// reduce every time.
    /// </summary>
    public Func<string, IReadOnlySet<string>>? QuestionStems { get; init; }

    // Kept with the text it was made from, so a copy made with `with { Text = ... }` analyzes its own text.
    private MessageText? _message;

    /// <summary><see cref="Text"/> analyzed once (clauses, stems) for all the triggers.</summary>
    public MessageText Message => _message is { } message && ReferenceEquals(message.Source, Text) ? message : _message = new MessageText(Text);
}
