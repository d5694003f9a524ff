namespace Hitl.Grains.Escalation.Text;

/// <summary>
/// How much a new message asks the same thing as an earlier question, in [0, 1]. Both are reduced to
/// stemmed content words (stop words and chat filler such as "still", "again", "that didn't help"
/// removed; "isn't" = "is not"). When the smaller side has two or more words the score is
/// 0.7 × overlap + 0.3 × Jaccard, where overlap = |A∩B| / min(|A|,|B|), so a repeat with extra words
/// ("still, my desktop app is not syncing my files") stays high; with a single word it is the
/// Jaccard index alone, so one shared word is not a repeat of a longer question.
/// </summary>
public sealed class QuestionSimilarity
{
    public double Similarity(string a, string b) => Similarity(TextNormalizer.ContentStems(a), TextNormalizer.ContentStems(b));

    /// <summary>The same, for texts already reduced with <see cref="TextNormalizer.ContentStems"/> (a message compared with many questions is reduced once).</summary>
    public double Similarity(IReadOnlySet<string> x, IReadOnlySet<string> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count == 0 || y.Count == 0)
        {
            return 0;
        }

        var shared = x.Count(y.Contains);
        var jaccard = (double)shared / (x.Count + y.Count - shared);
        var smaller = Math.Min(x.Count, y.Count);
        return smaller < 2 ? jaccard : (0.7 * shared / smaller) + (0.3 * jaccard);
    }
}
