using System.Text.RegularExpressions;

namespace Hitl.Grains.Knowledge.Semantic;

/// <summary>What a unit of an article is: its title, one of its example questions, or one passage of its body.</summary>
public enum UnitKind
{
    Title,
    Question,
    Passage,
}

/// <summary>One embedded piece of an article.</summary>
/// <param name="ArticleId">The article it belongs to.</param>
/// <param name="Kind">Title, example question or passage.</param>
/// <param name="Position">Its place among the article's units of that kind.</param>
/// <param name="Text">What the unit says (a passage is shown as it is in the answer).</param>
/// <param name="Embedded">What was encoded: a passage with its article's title before it.</param>
/// <param name="Vector">Its unit-length vector.</param>
public sealed record SemanticUnit(string ArticleId, UnitKind Kind, int Position, string Text, string Embedded, float[] Vector);

/// <summary>An article's semantic match for a question: the best unit's similarity, and which unit it was.</summary>
public sealed record SemanticHit(Article Article, double Similarity, SemanticUnit Best);

/// <summary>
/// The sentence vectors of one knowledge-base version: each article's title, example questions and body passages
/// (sentences). Immutable; built off the grain threads by <see cref="KnowledgeIndexCache"/> next to the BM25 index,
/// reusing the vectors of texts that did not change since the previous version.
/// </summary>
public sealed partial class SemanticIndex
{
    private readonly IReadOnlyList<SemanticUnit> _units;
    private readonly Dictionary<string, Article> _articles;

    private SemanticIndex(long version, IReadOnlyList<SemanticUnit> units, Dictionary<string, Article> articles)
    {
        Version = version;
        _units = units;
        _articles = articles;
    }

    public long Version { get; }

    public IReadOnlyList<SemanticUnit> Units => _units;

    /// <summary>Builds the vectors of <paramref name="snapshot"/>, encoding only texts <paramref name="previous"/> did not have.</summary>
    public static async Task<SemanticIndex> BuildAsync(KnowledgeSnapshot snapshot, TextEmbedder embedder, SemanticIndex? previous, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(embedder);
        var articles = new Dictionary<string, Article>(StringComparer.Ordinal);
        // A passage is embedded with its article's title before it ("Delivery times: Orders leave ..."), so a sentence
        // that doesn't name its topic still carries it; the answer shows the sentence alone.
        var pieces = new List<(string ArticleId, UnitKind Kind, int Position, string Text, string Embedded)>();
        foreach (var article in snapshot.Articles)
        {
            if (!articles.TryAdd(article.Id, article))
            {
                continue;
            }

            pieces.Add((article.Id, UnitKind.Title, 0, article.Title, article.Title));
            for (var i = 0; i < article.Questions.Count; i++)
            {
                pieces.Add((article.Id, UnitKind.Question, i, article.Questions[i], article.Questions[i]));
            }

            var passages = Passages(article.Body);
            for (var i = 0; i < passages.Count; i++)
            {
                pieces.Add((article.Id, UnitKind.Passage, i, passages[i], $"{article.Title}: {passages[i]}"));
            }
        }

        var known = previous?._units.GroupBy(u => u.Embedded, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Vector, StringComparer.Ordinal)
            ?? new Dictionary<string, float[]>(StringComparer.Ordinal);
        var missing = pieces.Select(p => p.Embedded).Where(t => !known.ContainsKey(t)).Distinct(StringComparer.Ordinal).ToList();
        for (var start = 0; start < missing.Count; start += 32)
        {
            var batch = missing.GetRange(start, Math.Min(32, missing.Count - start));
            var vectors = await embedder.EncodeAsync(batch, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < batch.Count; i++)
            {
                known[batch[i]] = vectors[i];
            }
        }

        var units = pieces.Select(p => new SemanticUnit(p.ArticleId, p.Kind, p.Position, p.Text, p.Embedded, known[p.Embedded])).ToList();
        return new SemanticIndex(snapshot.Version, units, articles);
    }

    /// <summary>Every article's best unit for <paramref name="question"/>, most similar first.</summary>
    public IReadOnlyList<SemanticHit> Rank(ReadOnlySpan<float> question)
    {
        var best = new Dictionary<string, (double Similarity, SemanticUnit Unit)>(StringComparer.Ordinal);
        foreach (var unit in _units)
        {
            var similarity = TextEmbedder.Similarity(question, unit.Vector);
            if (!best.TryGetValue(unit.ArticleId, out var current) || similarity > current.Similarity)
            {
                best[unit.ArticleId] = (similarity, unit);
            }
        }

        return [.. best.Select(b => new SemanticHit(_articles[b.Key], b.Value.Similarity, b.Value.Unit)).OrderByDescending(h => h.Similarity).ThenBy(h => h.Article.Id, StringComparer.Ordinal)];
    }

    /// <summary>The passages of <paramref name="articleId"/> with their similarity to <paramref name="question"/>, in the article's order.</summary>
    public IReadOnlyList<(SemanticUnit Passage, double Similarity)> Passages(string articleId, ReadOnlySpan<float> question)
    {
        var result = new List<(SemanticUnit, double)>();
        foreach (var unit in _units)
        {
            if (unit.Kind == UnitKind.Passage && string.Equals(unit.ArticleId, articleId, StringComparison.Ordinal))
            {
                result.Add((unit, TextEmbedder.Similarity(question, unit.Vector)));
            }
        }

        return result;
    }

    /// <summary>The body cut into sentences (a passage per sentence; very short ones join the next).</summary>
    public static IReadOnlyList<string> Passages(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var passages = new List<string>();
        var pending = string.Empty;
        foreach (var raw in SentenceEnd().Split(body))
        {
            var sentence = raw.Trim();
            if (sentence.Length == 0)
            {
                continue;
            }

            pending = pending.Length == 0 ? sentence : $"{pending} {sentence}";
            if (pending.Length >= 25)
            {
                passages.Add(pending);
                pending = string.Empty;
            }
        }

        if (pending.Length > 0)
        {
            if (passages.Count > 0)
            {
                passages[^1] = $"{passages[^1]} {pending}";
            }
            else
            {
                passages.Add(pending);
            }
        }

        return passages;
    }

    // A sentence ends at . ! ? followed by white space, or at a line break.
    [GeneratedRegex(@"(?<=[.!?])\s+|\n+")]
    private static partial Regex SentenceEnd();
}
