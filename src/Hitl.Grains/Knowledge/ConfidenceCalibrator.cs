namespace Hitl.Grains.Knowledge;

/// <summary>
/// Turns a search result into a confidence in [0,1] that means the same in every knowledge base.
/// </summary>
/// <remarks>
/// <para>
/// Raw BM25 scores are not comparable across questions or knowledge bases: they grow with the
/// number of query terms and move with corpus statistics (document frequencies, average lengths).
/// The calibrator therefore asks two questions whose answers are ratios, and so scale-free:
/// </para>
/// <para>
/// <b>Coverage</b> — how much of what the customer asked about does the top article contain? Each
/// content term t of the question (after stemming and stop words) gets a weight
/// <c>w(t) = ln(1 + (N + N0 - df(t) + 0.5) / (df(t) + 0.5))</c>, the BM25 IDF over the N articles
/// plus <see cref="BackgroundArticles"/> (N0) virtual background articles that contain none of the
/// terms. The prior keeps weights stable between a 5-article and a 500-article knowledge base, and
/// makes a word no article uses (df = 0: "weather", "printer") the heaviest of all: an unknown word
/// is evidence the question is about something the knowledge base does not cover. The top article
/// earns <c>m(t)</c> per term: 1 in its title or example questions, <see cref="BodyMatch"/> when only
/// in its body, times <see cref="RelatedMatch"/> when matched only through a thesaurus word.
/// <c>C = Σ w(t)·m(t) / Σ w(t)</c> is the top article's score divided by the score of an ideal
/// article that has every term of the question in its title: 1 for a question the article was
/// written for, falling as the question asks about things the article does not mention.
/// </para>
/// <para>
/// <b>Margin</b> — is the top article distinctly the answer? <c>D = 1 - s2/s1</c> from the BM25
/// scores of the first two hits (1 when only one article matched). Questions that only touch the
/// domain's generic words ("your app", "limits", the product name) match several articles about
/// equally; a real answer stands out.
/// </para>
/// <para>
/// <c>confidence = C^γ · (λ + (1 - λ)·D)</c> with γ = <see cref="CoverageExponent"/> and
/// λ = <see cref="MarginFloor"/>. The exponent is the calibration curve: customers wrap a question
/// in words the article does not use, so covering half of the weighted content is already good
/// evidence (0.5^0.6 ≈ 0.66), while covering an eighth is not (0.125^0.6 ≈ 0.29). The margin can
/// take off at most 1 - λ: an ambiguous but fully covered question still scores λ. No content
/// terms or no hit gives 0; an exact example question of a distinct article gives 1.
/// </para>
/// <para>
/// With the default policy (minConfidence 0.35, outOfScopeBelow 0.15) this puts clear in-scope
/// questions at 0.5 and above, questions with no vocabulary in common with the knowledge base at
/// 0, and questions that share only the domain's generic words below 0.35.
/// </para>
/// </remarks>
public sealed class ConfidenceCalibrator
{
    /// <summary>N0: virtual articles that contain no query term, a prior on the IDF weights.</summary>
    public const double BackgroundArticles = 50;

    /// <summary>m(t) for a term found only in the article's body.</summary>
    public const double BodyMatch = 0.75;

    /// <summary>Factor on m(t) when the term matched only through a related word.</summary>
    public const double RelatedMatch = 0.8;

    /// <summary>γ: the calibration curve applied to coverage.</summary>
    public const double CoverageExponent = 0.6;

    /// <summary>λ: the confidence factor left when the top two articles score the same.</summary>
    public const double MarginFloor = 0.6;

    /// <summary>The calibrated confidence in [0,1] for <paramref name="result"/>.</summary>
    public double Confidence(KnowledgeSearchResult result) => Calibrate(result).Confidence;

    /// <summary>The confidence with its parts.</summary>
    public ConfidenceBreakdown Calibrate(KnowledgeSearchResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Terms.Count == 0 || result.Hits.Count == 0 || !(result.Hits[0].Score > 0))
        {
            return ConfidenceBreakdown.None;
        }

        var top = result.Hits[0];
        double total = 0, covered = 0;
        for (var i = 0; i < result.Terms.Count; i++)
        {
            var weight = Weight(result.Terms[i].DocumentFrequency, result.ArticleCount);
            total += weight;
            covered += weight * Match(top.Matches[i]);
        }

        var coverage = Math.Clamp(covered / total, 0, 1);
        var margin = result.Hits.Count < 2 ? 1 : Math.Clamp(1 - (result.Hits[1].Score / top.Score), 0, 1);
        var confidence = Math.Pow(coverage, CoverageExponent) * (MarginFloor + ((1 - MarginFloor) * margin));
        return new ConfidenceBreakdown(coverage, margin, Math.Clamp(confidence, 0, 1));
    }

    private static double Weight(int documentFrequency, int articleCount)
    {
        var n = articleCount + BackgroundArticles;
        var df = Math.Min(documentFrequency, articleCount);
        return Math.Log(1 + ((n - df + 0.5) / (df + 0.5)));
    }

    private static double Match(MatchedFields fields)
    {
        double match = (fields & (MatchedFields.Title | MatchedFields.Questions)) != 0 ? 1
            : (fields & MatchedFields.Body) != 0 ? BodyMatch
            : 0;
        return (fields & MatchedFields.Synonym) != 0 ? match * RelatedMatch : match;
    }
}
