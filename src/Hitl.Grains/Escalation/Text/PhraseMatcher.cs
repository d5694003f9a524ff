using System.Collections.Concurrent;
using System.Collections.Frozen;

namespace Hitl.Grains.Escalation.Text;

/// <summary>
/// Finds configured phrases ("dispute a charge", "delete my account", "lawyer") in messages the way
/// people actually write them: case-insensitive, whole words, contractions spelled out
/// ("didn't" = "did not" = "didnt"), stemmed ("disputing the charges" matches "dispute a charge"),
/// with articles and possessives optional and up to <see cref="MaxGap"/> extra words between
/// consecutive phrase words ("charged me twice" matches "charged twice").
/// </summary>
public sealed class PhraseMatcher
{
    /// <summary>Extra words allowed between two consecutive words of a phrase.</summary>
    public const int MaxGap = 2;

    private static readonly FrozenSet<string> Optional = new[] { "a", "an", "the", "my", "your", "our", "his", "her", "their", "this", "that", "some" }.ToFrozenSet(StringComparer.Ordinal);

    // Phrases come from tenant policies and change rarely: remember their stems (bounded).
    private const int MaxRememberedPatterns = 10_000;
    private readonly ConcurrentDictionary<string, string[]> _patterns = new(StringComparer.Ordinal);
    private int _rememberedPatterns;

    public PhraseMatch? FindFirst(string text, IEnumerable<string> phrases) => FindFirst(new MessageText(text), phrases);

    /// <summary>The first of <paramref name="phrases"/> found in a message already analyzed (its clauses stemmed once for all phrases).</summary>
    public PhraseMatch? FindFirst(MessageText text, IEnumerable<string> phrases)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(phrases);

        // A phrase never spans punctuation: "charged once, twice as much" is not "charged twice".
        var clauses = text.ClauseStems;
        foreach (var phrase in phrases)
        {
            var pattern = Pattern(phrase);
            if (pattern.Length == 0)
            {
                continue;
            }

            for (var c = 0; c < clauses.Count; c++)
            {
                if (Find(clauses[c], pattern) is { } span)
                {
                    return new PhraseMatch(phrase, TextNormalizer.Join(text.Clauses[c].Skip(span.Start).Take(span.End - span.Start + 1)));
                }
            }
        }

        return null;
    }

    private string[] Pattern(string phrase)
    {
        if (_patterns.TryGetValue(phrase, out var pattern))
        {
            return pattern;
        }

        pattern = [.. TextNormalizer.Words(phrase).Where(w => !Optional.Contains(w)).Select(TextNormalizer.Stem)];
        // Counted apart: ConcurrentDictionary.Count takes every lock of the table.
        if (Volatile.Read(ref _rememberedPatterns) < MaxRememberedPatterns && _patterns.TryAdd(phrase, pattern))
        {
            Interlocked.Increment(ref _rememberedPatterns);
        }

        return pattern;
    }

    private static (int Start, int End)? Find(string[] stems, string[] pattern)
    {
        for (var start = 0; start < stems.Length; start++)
        {
            if (stems[start] != pattern[0])
            {
                continue;
            }

            var at = start;
            var matched = 1;
            while (matched < pattern.Length)
            {
                var next = -1;
                for (var j = at + 1; j <= Math.Min(stems.Length - 1, at + 1 + MaxGap); j++)
                {
                    if (stems[j] == pattern[matched])
                    {
                        next = j;
                        break;
                    }
                }

                if (next < 0)
                {
                    break;
                }

                at = next;
                matched++;
            }

            if (matched == pattern.Length)
            {
                return (start, at);
            }
        }

        return null;
    }
}
