using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;

namespace Hitl.Grains.Knowledge;

/// <summary>
/// English analysis for articles and questions: standard tokenizer, possessive removal,
/// lower case, ASCII folding, a stop list that also drops chat filler ("hi", "please", "how do I"),
/// and the Porter stemmer. Thread-safe: Lucene analyzers reuse components per thread.
/// </summary>
internal sealed class KnowledgeAnalyzer : Analyzer
{
    private static readonly LuceneVersion Version = LuceneVersion.LUCENE_48;

    // Function words, time adverbs ("yesterday", "last week") and what customers type around a
    // question; none of it says what the question is about.
    // Lucene's default English set is much shorter and keeps "how", "do", "my", "can", which would
    // otherwise count as content in every question.
    private const string StopWords = """
        a about above after again against ago all already also am an and any anybody anyone anything
        anyway are aren't as at be because been before being below between both but by can can't cannot
        could couldn't did didn't do does doesn't doing don't done down during each either else etc even
        ever every few for from further get gets getting go goes going got gotten had hadn't has hasn't
        have haven't having he hello help her here hers herself hey hi him himself his how however i i'd
        i'll i'm i've if in into is isn't it it's its itself just know last let let's like made make
        makes many may me might mine more most much must my myself need needs neither no nor not now of
        off oh ok okay on once one only or other our ours ourselves out over own please put quite rather
        really recently same shall she should shouldn't since so some somebody somehow someone something
        soon still such sure tell than thank thanks that that's the their theirs them themselves then
        there there's these they they're thing things this those though through thus to today tomorrow
        tonight too under until up very via want wanted wants was wasn't way we we're week weeks were
        weren't what what's whatever when where which while who whom whose why will with won't would
        wouldn't yes yesterday yet you you're your yours yourself
        """;

    private readonly CharArraySet _stopWords = new CharArraySet(
        Version,
        StopWords.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries),
        ignoreCase: true).AsReadOnly();

    /// <summary>The analyzed terms of <paramref name="text"/>, in order, duplicates kept.</summary>
    public List<string> Terms(string text)
    {
        var terms = new List<string>();
        using var stream = GetTokenStream("text", new StringReader(Normalize(text)));
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            terms.Add(term.ToString());
        }

        stream.End();
        return terms;
    }

    /// <summary>Typographic apostrophes become ASCII ones so "can’t" meets the stop list.</summary>
    public static string Normalize(string text) => text.Replace('\u2019', '\'').Replace('\u2018', '\'');

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var source = new StandardTokenizer(Version, reader);
        TokenStream stream = new EnglishPossessiveFilter(Version, source);
        stream = new LowerCaseFilter(Version, stream);
        stream = new ASCIIFoldingFilter(stream);
        stream = new StopFilter(Version, stream, _stopWords);
        stream = new PorterStemFilter(stream);
        return new TokenStreamComponents(source, stream);
    }
}
