namespace Hitl.Grains.Escalation.Text;

/// <summary>
/// One customer message analyzed once for every trigger that reads it: normalized, split into
/// clauses of words, and (on first use) stemmed. Before this each sensitive topic, each amount rule,
/// the explicit-request detector and the repeat check normalized and stemmed the same text again.
/// Not thread-safe: it belongs to the one call that evaluates the message.
/// </summary>
public sealed class MessageText
{
    private List<string[]>? _clauseStems;
    private HashSet<string>? _contentStems;

    public MessageText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Source = text;
        Normalized = TextNormalizer.Normalize(text);
        Clauses = TextNormalizer.ClausesOfNormalized(Normalized);
    }

    /// <summary>The message as the customer wrote it.</summary>
    public string Source { get; }

    /// <summary><see cref="Source"/> after <see cref="TextNormalizer.Normalize"/>.</summary>
    public string Normalized { get; }

    /// <summary>The words of each clause (<see cref="TextNormalizer.Clauses"/>), empty clauses left out.</summary>
    public IReadOnlyList<List<string>> Clauses { get; }

    /// <summary>The stem of every word of <see cref="Clauses"/>, clause by clause.</summary>
    public IReadOnlyList<string[]> ClauseStems => _clauseStems ??= [.. Clauses.Select(words => words.ConvertAll(TextNormalizer.Stem).ToArray())];

    /// <summary>The message's stemmed content words (<see cref="TextNormalizer.ContentStems"/>).</summary>
    public IReadOnlySet<string> ContentStems => _contentStems ??= TextNormalizer.ContentStemsOfNormalized(Normalized);
}
