using Microsoft.Extensions.Options;

namespace Hitl.Grains.Knowledge;

/// <summary>
/// The built-in bot: retrieves the tenant's best article from the silo's cached
/// <see cref="KnowledgeIndex"/>, replies with it, and reports the calibrated confidence of
/// <see cref="ConfidenceCalibrator"/>. Register as a singleton <see cref="IBot"/>.
/// </summary>
public sealed class KnowledgeBot(KnowledgeIndexCache cache, IOptions<KnowledgeBotOptions> options) : IBot
{
    private readonly KnowledgeBotOptions _options = options.Value;
    private readonly ConfidenceCalibrator _calibrator = new();

    /// <inheritdoc />
    public async Task<BotAnswer> AnswerAsync(BotRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var index = await cache.GetIndexAsync(request.Tenant, cancellationToken).ConfigureAwait(false);
        return Answer(index, request.Question);
    }

    /// <summary>Answers <paramref name="question"/> from <paramref name="index"/>.</summary>
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
}
