using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Text;
using System.Text.RegularExpressions;
using Lucene.Net.Tartarus.Snowball.Ext;

namespace Hitl.Grains.Escalation.Text;

/// <summary>
/// Shared text handling for the escalation triggers: lower-cased words with contractions spelled
/// out ("isn't" → "is not", "I'd" → "i would"), optional stemming, and common word lists.
/// </summary>
public static partial class TextNormalizer
{
    /// <summary>Function words and chat filler that carry no topic.</summary>
    public static FrozenSet<string> StopWords { get; } = new[]
    {
        "a", "an", "the", "and", "or", "but", "if", "then", "so", "of", "to", "in", "on", "at", "by", "for", "with", "from", "into", "about", "as",
        "i", "me", "my", "mine", "myself", "you", "your", "yours", "we", "us", "our", "it", "its", "this", "that", "these", "those", "he", "she", "they", "them", "their", "her", "his",
        "is", "am", "are", "was", "were", "be", "been", "being", "do", "does", "did", "doing", "done", "have", "has", "had", "having",
        "will", "would", "shall", "should", "can", "could", "may", "might", "must", "not", "no",
        "what", "which", "who", "whom", "how", "when", "where", "why", "there", "here",
        "all", "any", "some", "much", "many", "more", "most", "very", "too", "also", "just", "only", "again", "still", "yet", "already", "even",
        "please", "pls", "thanks", "thank", "ok", "okay", "hi", "hello", "hey", "yes", "yeah", "well", "really", "actually", "anyway", "hmm", "now",
        "help", "helped", "helps", "work", "works", "worked", "get", "got", "want", "need", "like", "tell", "know", "one", "thing", "way",
    }.ToFrozenSet(StringComparer.Ordinal);

    // Stemming is pure and the words people use are few: remember them (bounded, so odd input cannot grow it without end).
    // Tokens with digits (order numbers, references, ids) are stemmed every time: they rarely come twice and would
    // fill the memory. The size is counted apart: ConcurrentDictionary.Count takes every lock of the table.
    private const int MaxRememberedStems = 50_000;
    private static readonly ConcurrentDictionary<string, string> RememberedStems = new(StringComparer.Ordinal);
    private static int _rememberedStems;

    /// <summary>How many stems are remembered now (at most 50,000).</summary>
    internal static int RememberedStemCount => Volatile.Read(ref _rememberedStems);

    [ThreadStatic]
    private static EnglishStemmer? _stemmer;

    private static readonly (string From, string To)[] Contractions =
    [
        ("won't", "will not"), ("can't", "can not"), ("cannot", "can not"), ("shan't", "shall not"), ("ain't", "is not"),
        ("n't", " not"), ("'m", " am"), ("'re", " are"), ("'ve", " have"), ("'ll", " will"), ("'d", " would"), ("'s", " is"),
    ];

    /// <summary>Lower-case text with typographic apostrophes straightened and contractions spelled out.</summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var s = text.ToLowerInvariant().Replace('\u2019', '\'').Replace('\u2018', '\'').Replace('`', '\'');
        foreach (var (from, to) in Contractions)
        {
            s = s.Replace(from, to, StringComparison.Ordinal);
        }

        // Apostrophe-less forms people type: "didnt", "dont", "isnt", "cant", "wont", "im".
        s = NotWithoutApostrophe().Replace(s, m => m.Groups[1].Value switch
        {
            "ca" => "can",
            "wo" => "will",
            var verb => verb,
        } + " not");
        return s;
    }

    /// <summary>The words of <paramref name="text"/> after <see cref="Normalize"/>.</summary>
    public static List<string> Words(string text)
    {
        var words = new List<string>();
        AddWords(Normalize(text), words);

        return words;
    }

    /// <summary>The English (Porter 2) stem of a lower-case word. Stems are remembered (a bounded number of words).</summary>
    public static string Stem(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (RememberedStems.TryGetValue(word, out var stem))
        {
            return stem;
        }

        var stemmer = _stemmer ??= new EnglishStemmer();
        stemmer.SetCurrent(word);
        stemmer.Stem();
        stem = stemmer.Current;
        if (Volatile.Read(ref _rememberedStems) < MaxRememberedStems && !word.AsSpan().ContainsAnyInRange('0', '9') && RememberedStems.TryAdd(word, stem))
        {
            Interlocked.Increment(ref _rememberedStems);
        }

        return stem;
    }

    /// <summary>Stemmed content words (stop words and filler removed), as a set.</summary>
    public static HashSet<string> ContentStems(string text) => ContentStemsOfNormalized(Normalize(text));

    /// <summary><see cref="ContentStems"/> of text that has already been through <see cref="Normalize"/>.</summary>
    internal static HashSet<string> ContentStemsOfNormalized(string normalized)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var m in WordPattern().EnumerateMatches(normalized))
        {
            var word = normalized.Substring(m.Index, m.Length);
            if (!StopWords.Contains(word) && (word.Length > 1 || char.IsDigit(word[0])))
            {
                set.Add(Stem(word));
            }
        }

        return set;
    }

    /// <summary>Splits text into clauses at sentence punctuation, commas and "but".</summary>
    public static IEnumerable<List<string>> Clauses(string text) => ClausesOfNormalized(Normalize(text));

    /// <summary><see cref="Clauses"/> of text that has already been through <see cref="Normalize"/>.</summary>
    internal static List<List<string>> ClausesOfNormalized(string normalized)
    {
        var clauses = new List<List<string>>();
        foreach (var part in ClauseSplit().Split(normalized))
        {
            var words = new List<string>();
            AddWords(part, words);
            if (words.Count > 0)
            {
                clauses.Add(words);
            }
        }

        return clauses;
    }

    // The words of already-normalized text (no Match objects: only the words themselves are allocated).
    private static void AddWords(string normalized, List<string> words)
    {
        foreach (var m in WordPattern().EnumerateMatches(normalized))
        {
            words.Add(normalized.Substring(m.Index, m.Length));
        }
    }

    /// <summary>Joins words back into a phrase for evidence.</summary>
    public static string Join(IEnumerable<string> words) => new StringBuilder().AppendJoin(' ', words).ToString();

    [GeneratedRegex(@"[a-z0-9]+(?:-[a-z0-9]+)*")]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"\b(did|do|does|is|are|was|were|has|have|had|could|would|should|ca|wo)nt\b")]
    private static partial Regex NotWithoutApostrophe();

    [GeneratedRegex(@"[.,;:!?()\n]+|\bbut\b")]
    private static partial Regex ClauseSplit();
}
