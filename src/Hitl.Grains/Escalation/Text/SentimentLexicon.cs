using System.Collections.Frozen;

namespace Hitl.Grains.Escalation.Text;

/// <summary>
/// The project's own support-chat lexicon: valences on a -4..+4 scale for words and short phrases
/// customers use when they are frustrated, angry, in a hurry, disappointed, or pleased and thankful.
/// Phrases are matched on normalized words (contractions spelled out) before single words.
/// </summary>
public static class SentimentLexicon
{
    public static FrozenDictionary<string, double> Words { get; } = new (string Word, double Valence)[]
    {
        // Anger and frustration
        ("useless", -3), ("ridiculous", -3), ("terrible", -3), ("awful", -3), ("horrible", -3), ("worst", -3.5),
        ("hate", -3), ("angry", -3), ("furious", -3.5), ("livid", -3.5), ("unacceptable", -3), ("outrageous", -3),
        ("frustrated", -2.5), ("frustrating", -2.5), ("annoyed", -2), ("annoying", -2), ("irritated", -2),
        ("disappointed", -2.5), ("disappointing", -2.5), ("pathetic", -3), ("incompetent", -3), ("scam", -3.5),
        ("rubbish", -3), ("garbage", -3), ("joke", -1.5), ("nightmare", -3), ("disaster", -3), ("upset", -2.5),
        ("mad", -2.5), ("stupid", -3), ("idiotic", -3), ("insane", -2), ("absurd", -2.5), ("shocking", -2.5),
        ("sucks", -3), ("damn", -2), ("crap", -3), ("wtf", -3), ("shit", -3), ("fuck", -3.5), ("fucking", -3),
        ("hopeless", -2.5), ("unusable", -3), ("worthless", -3), ("fed", 0), ("sick", -1), ("tired", -1),
        ("disgraceful", -3.5), ("disgusting", -3.5), ("disgusted", -3.5), ("appalling", -3.5), ("appalled", -3.5),
        ("atrocious", -3.5), ("abysmal", -3.5), ("dreadful", -3), ("shambles", -3), ("fuming", -3.5), ("inexcusable", -3),
        ("clueless", -2.5), ("shameful", -3), ("scandalous", -3), ("lousy", -2.5), ("sloppy", -2), ("infuriating", -3.5),
        ("infuriated", -3.5), ("cheated", -3), ("lied", -2.5), ("liars", -3), ("robbery", -3), ("unprofessional", -3),
        // Problems and disappointment (milder)
        ("broken", -2), ("bad", -2), ("poor", -1.5), ("slow", -1), ("wrong", -1), ("failed", -1.5), ("fails", -1.5),
        ("failing", -1.5), ("crash", -1.5), ("crashed", -1.5), ("crashes", -1.5), ("impossible", -1.5), ("lost", -1),
        ("mistake", -0.5), ("error", -0.5), ("problem", -0.5), ("confusing", -1), ("unhelpful", -2.5), ("ignored", -2),
        ("unhappy", -2.5), ("sad", -2), ("worried", -1.5), ("stuck", -1), ("waiting", -0.5),
        // Urgency
        ("urgent", -1.5), ("urgently", -1.5), ("asap", -1), ("emergency", -2), ("immediately", -0.5),
        // Praise, thanks and satisfaction
        ("thanks", 2), ("thank", 2), ("thx", 1.5), ("great", 3), ("awesome", 3), ("excellent", 3), ("perfect", 3),
        ("love", 3), ("helpful", 2), ("happy", 2.5), ("glad", 2), ("appreciate", 2.5), ("appreciated", 2.5),
        ("nice", 2), ("good", 1.9), ("solved", 2), ("fixed", 1.5), ("amazing", 3), ("wonderful", 3),
        ("fantastic", 3), ("brilliant", 3), ("cool", 1.3), ("pleased", 2.5), ("satisfied", 2), ("easy", 1.5),
        ("quick", 1), ("works", 0), ("welcome", 1.5), ("lovely", 2.5), ("kind", 1.5),
    }.ToFrozenDictionary(w => w.Word, w => w.Valence, StringComparer.Ordinal);

    /// <summary>Multi-word expressions, matched on normalized words; longest first.</summary>
    public static IReadOnlyList<(string[] Words, double Valence)> Phrases { get; } =
    [
        (["still", "does", "not", "work"], -2.5), (["still", "not", "working"], -2.5), (["still", "is", "not", "working"], -2.5),
        (["nobody", "is", "helping"], -2.5), (["no", "one", "is", "helping"], -2.5), (["waste", "of", "time"], -3),
        (["does", "not", "work"], -2), (["do", "not", "work"], -2), (["is", "not", "working"], -2), (["not", "working"], -2),
        (["did", "not", "help"], -1.5), (["does", "not", "help"], -1.5), (["fed", "up"], -3), (["sick", "of"], -3),
        (["had", "enough"], -2.5), (["give", "up"], -2), (["lost", "my", "files"], -2.5), (["lost", "my", "data"], -2.5),
        (["lost", "all", "my"], -2.5), (["for", "days"], -1), (["for", "weeks"], -1.5), (["as", "soon", "as", "possible"], -1),
        (["right", "now"], -0.5), (["can", "not", "believe"], -1.5), (["ripped", "off"], -3), (["rip", "off"], -3),
        (["done", "with", "you"], -2.5), (["never", "again"], -2), (["thank", "you"], 2), (["works", "now"], 2), (["working", "now"], 2), (["that", "worked"], 2),
        (["that", "helped"], 2), (["no", "problem"], 1), (["not", "a", "problem"], 1),
    ];

    /// <summary>Words that flip the valence of what follows within a short window.</summary>
    public static FrozenSet<string> Negators { get; } = new[] { "not", "no", "never", "without", "neither", "nor", "hardly", "barely" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Words that strengthen the next valenced word.</summary>
    public static FrozenDictionary<string, double> Intensifiers { get; } = new (string Word, double Factor)[]
    {
        ("really", 1.3), ("very", 1.3), ("so", 1.25), ("extremely", 1.5), ("totally", 1.3), ("absolutely", 1.4),
        ("completely", 1.3), ("super", 1.3), ("incredibly", 1.4), ("utterly", 1.5), ("truly", 1.2), ("such", 1.2),
        ("bit", 0.7), ("slightly", 0.7), ("somewhat", 0.75), ("little", 0.75), ("kinda", 0.75), ("fairly", 0.85),
    }.ToFrozenDictionary(w => w.Word, w => w.Factor, StringComparer.Ordinal);
}
