namespace Hitl.Grains.Knowledge.Semantic;

/// <summary>One article's evidence from both retrievers, and what they make together.</summary>
/// <param name="Article">The article.</param>
/// <param name="Lexical">Its lexical evidence in [0,1].</param>
/// <param name="Semantic">Its semantic evidence in [0,1] (from <paramref name="Similarity"/>).</param>
/// <param name="Similarity">The cosine similarity of its best unit to the question.</param>
/// <param name="Confidence">The calibrated probability that answering from it is right.</param>
public sealed record HybridCandidate(Article Article, double Lexical, double Semantic, double Similarity, double Confidence)
{
    /// <summary>The combined evidence before calibration (noisy-OR of both retrievers, the ranking margin applied).</summary>
    public double Evidence { get; init; }
}

/// <summary>
/// Fuses BM25 and sentence-embedding retrieval into one ranking and one confidence in [0,1] (docs/knowledge-bot.md).
/// </summary>
/// <remarks>
/// <para>
/// <b>Ranking.</b> Articles are ranked by the cosine similarity s of their best unit (title, example question, or a
/// body sentence embedded with its title) to the question, plus <see cref="LexicalTieBreak"/> times their lexical
/// evidence. Embeddings see paraphrases that share no word with the article; BM25 only breaks near ties (product
/// names, codes). Lexical evidence is <see cref="ConfidenceCalibrator"/>'s confidence for the BM25 top article,
/// scaled for the others by their BM25 score relative to the top.
/// </para>
/// <para>
/// <b>Confidence.</b> The answer's similarity becomes semantic evidence
/// <c>clamp((s - <see cref="SimilarityFloor"/>) / (<see cref="SimilarityCeiling"/> - <see cref="SimilarityFloor"/>), 0, 1)</c>,
/// combined with its lexical evidence as independent evidence, <c>1 - (1 - semantic)(1 - lexical)</c>, and reduced by
/// up to 1 - <see cref="MarginFloor"/> when the runner-up is within <see cref="MarginWidth"/> of it (two articles
/// answer about equally). That evidence becomes a probability through <see cref="Probability"/>. The floor and ceiling
/// were set on the published evaluation set, the logistic curve on the published and one blind set (see the doc).
/// </para>
/// </remarks>
public static class HybridCalibrator
{
    /// <summary>Cosine similarity at and below which an article is no semantic evidence at all.</summary>
    public const double SimilarityFloor = 0.25;

    /// <summary>Cosine similarity at and above which an article is full semantic evidence.</summary>
    public const double SimilarityCeiling = 0.65;

    /// <summary>Weight of lexical evidence in the ranking, against the similarity.</summary>
    public const double LexicalTieBreak = 0.1;

    /// <summary>Ranking-score gap to the runner-up under which the answer counts as ambiguous.</summary>
    public const double MarginWidth = 0.05;

    /// <summary>The confidence factor left when the runner-up scores the same as the answer.</summary>
    public const double MarginFloor = 0.85;

    /// <summary>Slope of the logistic map from evidence to the probability that the answer is right (Platt scaling).</summary>
    public const double PlattSlope = 7.3;

    /// <summary>Intercept of the logistic map.</summary>
    public const double PlattIntercept = -4.19;

    /// <summary>
    /// The probability that an answer with combined evidence <paramref name="evidence"/> comes from the right article:
    /// a logistic curve fitted on the published set and the bike shop's set, checked on the mobile network's
    /// (docs/knowledge-bot.md). It never reaches 0 or 1: retrieval is never certain.
    /// </summary>
    public static double Probability(double evidence) => 1 / (1 + Math.Exp(-((PlattSlope * evidence) + PlattIntercept)));

    public static double SemanticEvidence(double similarity) =>
        Math.Clamp((similarity - SimilarityFloor) / (SimilarityCeiling - SimilarityFloor), 0, 1);

    /// <summary>Every article, best first; the first one's <see cref="HybridCandidate.Confidence"/> is the answer's.</summary>
    public static IReadOnlyList<HybridCandidate> Rank(KnowledgeSearchResult lexical, double lexicalConfidence, IReadOnlyList<SemanticHit> semantic)
    {
        ArgumentNullException.ThrowIfNull(lexical);
        ArgumentNullException.ThrowIfNull(semantic);
        var lexicalEvidence = new Dictionary<string, double>(StringComparer.Ordinal);
        var topScore = lexical.Hits.Count > 0 ? lexical.Hits[0].Score : 0;
        foreach (var hit in lexical.Hits)
        {
            lexicalEvidence[hit.Article.Id] = topScore > 0 ? lexicalConfidence * (hit.Score / topScore) : 0;
        }

        var ranked = semantic
            .Select(hit =>
            {
                var lexicalPart = lexicalEvidence.GetValueOrDefault(hit.Article.Id);
                var semanticPart = SemanticEvidence(hit.Similarity);
                var confidence = 1 - ((1 - semanticPart) * (1 - lexicalPart));
                return (Candidate: new HybridCandidate(hit.Article, lexicalPart, semanticPart, hit.Similarity, confidence), Score: hit.Similarity + (LexicalTieBreak * lexicalPart));
            })
            .OrderByDescending(c => c.Score)
            .ThenBy(c => c.Candidate.Article.Id, StringComparer.Ordinal)
            .ToList();
        if (ranked.Count == 0)
        {
            return [];
        }

        if (ranked.Count >= 2)
        {
            var gap = ranked[0].Score - ranked[1].Score;
            var factor = MarginFloor + ((1 - MarginFloor) * Math.Clamp(gap / MarginWidth, 0, 1));
            ranked[0] = (ranked[0].Candidate with { Confidence = ranked[0].Candidate.Confidence * factor }, ranked[0].Score);
        }

        return [.. ranked.Select(r => r.Candidate with { Evidence = r.Candidate.Confidence, Confidence = Probability(r.Candidate.Confidence) })];
    }
}
