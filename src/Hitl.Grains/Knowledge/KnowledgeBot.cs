using Hitl.Grains.Knowledge.Semantic;
using Microsoft.Extensions.Options;

namespace Hitl.Grains.Knowledge;

/// <summary>
/// The built-in bot: retrieves the tenant's best article from the silo's cached <see cref="KnowledgeIndex"/> by BM25
/// and, in hybrid mode, by sentence embeddings (<see cref="HybridCalibrator"/>); replies with the passages of that
/// article that answer the question, and reports one calibrated confidence. Register as a singleton <see cref="IBot"/>.
/// </summary>
public sealed class KnowledgeBot(KnowledgeIndexCache cache, IOptions<KnowledgeBotOptions> options, TextEmbedder? embedder = null, IOptions<SemanticOptions>? semantic = null) : IBot
{
    /// <summary>At most this many passages make an answer.</summary>
    public const int MaxPassages = 2;

    /// <summary>A further passage joins the best one when it is at least this similar to the question, relative to the best.</summary>
    public const double PassageKeep = 0.85;

    private readonly KnowledgeBotOptions _options = options.Value;
    private readonly ConfidenceCalibrator _calibrator = new();
    private readonly TextEmbedder? _embedder = semantic?.Value.Hybrid == false ? null : embedder;

    /// <inheritdoc />
    public async Task<BotAnswer> AnswerAsync(BotRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var index = await cache.GetIndexAsync(request.Tenant, cancellationToken).ConfigureAwait(false);
        if (_embedder is null || index.Semantic is null || index.ArticleCount == 0)
        {
            return Answer(index, request.Question);
        }

        var vector = await _embedder.EncodeAsync(request.Question, cancellationToken).ConfigureAwait(false);
        return Answer(index, request.Question, vector);
    }

    /// <summary>
    /// This bot's answer to <paramref name="question"/> and the best <paramref name="maxArticles"/> articles in the
    /// same ranking (for a bot that words its own answer from them): by both retrievers in hybrid mode, else BM25.
    /// </summary>
    public async Task<KnowledgeRetrieval> RetrieveAsync(KnowledgeIndex index, string question, int maxArticles, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(question);
        if (_embedder is null || index.Semantic is null || index.ArticleCount == 0)
        {
            return new KnowledgeRetrieval(Answer(index, question), [.. index.Search(question, Math.Max(1, maxArticles)).Hits.Select(h => h.Article)]);
        }

        var vector = await _embedder.EncodeAsync(question, cancellationToken).ConfigureAwait(false);
        var ranked = Rank(index, question, vector);
        return new KnowledgeRetrieval(Answer(index, ranked, vector), [.. ranked.Take(Math.Max(1, maxArticles)).Select(c => c.Article)]);
    }

    /// <summary>Answers <paramref name="question"/> from <paramref name="index"/> by BM25 alone.</summary>
    public BotAnswer Answer(KnowledgeIndex index, string question)
    {
        ArgumentNullException.ThrowIfNull(index);
        var result = index.Search(question, Math.Max(2, _options.MaxSources));
        var confidence = _calibrator.Confidence(result);
        if (result.Hits.Count == 0 || confidence <= 0)
        {
            return new BotAnswer(_options.NotSureText, 0, []);
        }

        var top = result.Hits[0];
        var sources = result.Hits
            .Where(h => h == top || h.Score >= top.Score * _options.SourceMinRelativeScore)
            .Take(Math.Max(1, _options.MaxSources))
            .Select(h => h.Article.Id)
            .ToList();
        return new BotAnswer($"{top.Article.Title}\n\n{top.Article.Body}", confidence, sources);
    }

    /// <summary>Answers <paramref name="question"/> (whose vector is <paramref name="vector"/>) by both retrievers.</summary>
    public BotAnswer Answer(KnowledgeIndex index, string question, float[] vector)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(vector);
        return Answer(index, Rank(index, question, vector), vector);
    }

    private IReadOnlyList<HybridCandidate> Rank(KnowledgeIndex index, string question, float[] vector)
    {
        var semanticIndex = index.Semantic ?? throw new InvalidOperationException("The index has no sentence vectors.");
        var lexical = index.Search(question, Math.Max(5, _options.MaxSources));
        return HybridCalibrator.Rank(lexical, _calibrator.Confidence(lexical), semanticIndex.Rank(vector));
    }

    private BotAnswer Answer(KnowledgeIndex index, IReadOnlyList<HybridCandidate> ranked, float[] vector)
    {
        if (ranked.Count == 0 || ranked[0].Evidence <= 0)
        {
            return new BotAnswer(_options.NotSureText, 0, []);
        }

        var top = ranked[0];
        var sources = ranked
            .Where(c => c == top || (c.Confidence >= top.Confidence * _options.SourceMinRelativeScore && c.Similarity >= top.Similarity - 0.05))
            .Take(Math.Max(1, _options.MaxSources))
            .Select(c => c.Article.Id)
            .ToList();
        return new BotAnswer(AnswerText(index.Semantic!, top.Article, vector), Math.Clamp(top.Confidence, 0, 1), sources);
    }

    /// <summary>The passages of the article that answer the question, in the article's order; the whole body when it is short.</summary>
    private static string AnswerText(SemanticIndex index, Article article, float[] vector)
    {
        var passages = index.Passages(article.Id, vector);
        if (passages.Count <= MaxPassages)
        {
            return article.Body.Trim();
        }

        var best = passages.Max(p => p.Similarity);
        var chosen = passages
            .OrderByDescending(p => p.Similarity)
            .Where((p, rank) => rank == 0 || p.Similarity >= best * PassageKeep)
            .Take(MaxPassages)
            .OrderBy(p => p.Passage.Position)
            .Select(p => p.Passage.Text);
        return string.Join(' ', chosen);
    }
}
