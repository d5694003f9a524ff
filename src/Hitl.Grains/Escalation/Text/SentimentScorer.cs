using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace Hitl.Grains.Escalation.Text;

/// <summary>
/// Lexicon-and-rules sentiment for support chat, in [-1, 1] (0: neutral). Words and phrases of
/// <see cref="SentimentLexicon"/> carry valences; the rules, in order:
/// <list type="bullet">
/// <item>negation: a negator up to three words before a valenced word flips and dampens it (×-0.74): "not happy", "never good";</item>
/// <item>intensifiers and dampeners right before it scale it: "really fed up" ×1.3, "a bit slow" ×0.7;</item>
/// <item>SHOUTED words (two or more letters, all capitals, in a message that is not all capitals) count ×1.5; an all-capitals message counts ×1.3;</item>
/// <item>"but" shifts weight to what follows: before ×0.5, after ×1.5;</item>
/// <item>exclamation marks (up to four) push the total further in its direction, 0.29 each.</item>
/// </list>
/// The sum s is normalized as s / √(s² + 15), so one strong word lands near ±0.6 and several near ±0.9.
/// </summary>
public sealed partial class SentimentScorer
{
    private const double NegationFactor = -0.74;
    private const double ShoutFactor = 1.5;
    private const double AllCapsFactor = 1.3;
    private const double ExclamationBoost = 0.292;
    private const double Alpha = 15;

    public double Score(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = TextNormalizer.Words(text);
        if (words.Count == 0)
        {
            return 0;
        }

        var shouted = Shouted(text, out var allCaps);
        var butIndex = words.LastIndexOf("but");
        var sum = 0.0;
        for (var i = 0; i < words.Count;)
        {
            var (length, valence) = Match(words, i);
            if (length == 0)
            {
                i++;
                continue;
            }

            var v = valence;
            if (Negated(words, i))
            {
                v *= NegationFactor;
            }

            if (i > 0 && SentimentLexicon.Intensifiers.TryGetValue(words[i - 1], out var factor))
            {
                v *= factor;
            }
            else if (i > 1 && words[i - 1] is "a" && SentimentLexicon.Intensifiers.TryGetValue(words[i - 2], out factor))
            {
                v *= factor;
            }

            if (allCaps)
            {
                v *= AllCapsFactor;
            }
            else if (words.Skip(i).Take(length).Any(shouted.Contains))
            {
                v *= ShoutFactor;
            }

            if (butIndex >= 0)
            {
                v *= i < butIndex ? 0.5 : 1.5;
            }

            sum += v;
            i += length;
        }

        var exclamations = Math.Min(4, text.Count(c => c == '!'));
        if (sum != 0 && exclamations > 0)
        {
            sum += Math.Sign(sum) * ExclamationBoost * exclamations;
        }

        return Math.Clamp(sum / Math.Sqrt((sum * sum) + Alpha), -1, 1);
    }

    private static (int Length, double Valence) Match(List<string> words, int at)
    {
        var rest = CollectionsMarshal.AsSpan(words)[at..];
        foreach (var (phrase, valence) in SentimentLexicon.Phrases)
        {
            if (phrase.Length <= rest.Length && phrase.AsSpan().SequenceEqual(rest[..phrase.Length]))
            {
                return (phrase.Length, valence);
            }
        }

        return SentimentLexicon.Words.TryGetValue(words[at], out var v) && v != 0 ? (1, v) : (0, 0);
    }

    private static bool Negated(List<string> words, int at)
    {
        for (var j = Math.Max(0, at - 3); j < at; j++)
        {
            if (SentimentLexicon.Negators.Contains(words[j]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Lower-cased words written in capitals; <paramref name="allCaps"/> when every word of three or more is.</summary>
    private static HashSet<string> Shouted(string text, out bool allCaps)
    {
        var shouted = new HashSet<string>(StringComparer.Ordinal);
        var letters = 0;
        foreach (Match m in LetterWord().Matches(text))
        {
            letters++;
            if (m.Value.Length >= 2 && m.Value.All(char.IsUpper))
            {
                shouted.Add(m.Value.ToLowerInvariant());
            }
        }

        allCaps = letters >= 3 && shouted.Count > 0 && LetterWord().Matches(text).All(m => m.Value.Length < 2 || m.Value.All(char.IsUpper));
        return shouted;
    }

    [GeneratedRegex(@"\p{L}+")]
    private static partial Regex LetterWord();
}
