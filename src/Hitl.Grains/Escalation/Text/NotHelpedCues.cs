namespace Hitl.Grains.Escalation.Text;

/// <summary>
/// Ways a customer says that the answer they got did not help ("that didn't help", "still not working", "that doesn't
/// answer my question"), matched on a clause's normalized words (contractions spelled out). Only meaningful after the
/// bot answered: then the answer failed.
/// </summary>
public static class NotHelpedCues
{
    private static readonly string[][] Phrases =
    [
        ["did", "not", "help"], ["does", "not", "help"], ["not", "helpful"], ["did", "not", "answer"],
        ["does", "not", "answer"], ["not", "answer", "my"], ["not", "what", "i", "asked"], ["not", "what", "i", "meant"],
        ["not", "my", "question"], ["still", "do", "not", "understand"], ["still", "not", "sure"], ["still", "confused"],
        ["still", "does", "not", "work"], ["still", "not", "working"], ["still", "is", "not", "working"], ["still", "broken"],
        ["still", "the", "same"], ["makes", "no", "sense"], ["does", "not", "make", "sense"], ["that", "is", "wrong"],
        ["i", "do", "not", "get", "it"],
    ];

    /// <summary>The cue found in <paramref name="text"/>, or null.</summary>
    public static string? Find(MessageText text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var clause in text.Clauses)
        {
            for (var i = 0; i < clause.Count; i++)
            {
                foreach (var phrase in Phrases)
                {
                    if (At(clause, i, phrase))
                    {
                        return string.Join(' ', phrase);
                    }
                }
            }
        }

        return null;
    }

    private static bool At(List<string> words, int at, string[] phrase)
    {
        if (at + phrase.Length > words.Count)
        {
            return false;
        }

        for (var j = 0; j < phrase.Length; j++)
        {
            if (words[at + j] != phrase[j])
            {
                return false;
            }
        }

        return true;
    }
}
