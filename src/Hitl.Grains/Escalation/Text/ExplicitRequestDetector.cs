using System.Collections.Frozen;

namespace Hitl.Grains.Escalation.Text;

/// <summary>
/// Recognises a customer asking for a person, however they put it. Per clause (split at
/// punctuation and "but"):
/// <list type="bullet">
/// <item>a <b>person</b> ("human", "real person", "agent", "representative", "operator",
/// "supervisor", "manager", "staff", "customer service", "member of your team", "someone",
/// "somebody", "anyone") together with a <b>contact cue</b> ("talk", "speak", "chat", "connect",
/// "transfer", "put me through", "call me back", "escalate", "reach") is a request;</item>
/// <item>a specific person (not "someone"/"anyone") with a <b>wanting cue</b> ("I want", "I need",
/// "get me", "give me", "can I have", "is there", "I would rather", "let me") is a request;</item>
/// <item>a message that is little more than a specific person ("agent", "human please",
/// "representative!", "real human now") is a request;</item>
/// <item>none of this counts in a clause that negates it ("no need for a human", "I do not want to
/// talk to anyone", "without an agent").</item>
/// </list>
/// Product questions that merely mention people ("how do I share with someone", "can my colleague
/// edit", "the desktop agent is not syncing") have no cue and do not count.
/// </summary>
public sealed class ExplicitRequestDetector
{
    private static readonly string[][] SpecificPeople =
    [
        ["real", "person"], ["real", "human"], ["real", "people"], ["live", "person"], ["live", "agent"], ["human", "being"],
        ["customer", "service"], ["customer", "support"], ["support", "team"], ["support", "agent"], ["support", "person"],
        ["member", "of", "your", "team"], ["member", "of", "the", "team"], ["member", "of", "staff"], ["someone", "from", "your"],
        ["somebody", "from", "your"], ["someone", "real"], ["human"], ["humans"], ["person"], ["agent"], ["representative"], ["rep"],
        ["operator"], ["supervisor"], ["manager"], ["staff"], ["employee"], ["advisor"], ["adviser"], ["people"],
    ];

    private static readonly FrozenSet<string> VaguePeople = new[] { "someone", "somebody", "anyone", "anybody" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Contact verbs that ask for a person on their own ("talk to someone").</summary>
    private static readonly FrozenSet<string> ContactCues = new[]
    {
        "talk", "talking", "speak", "speaking", "chat", "chatting", "escalate", "reach", "contact",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Contact verbs that ask for a person only about the customer ("call me back", "transfer me", not "transfer files").</summary>
    private static readonly FrozenSet<string> ContactMeCues = new[] { "call", "phone", "ring", "connect", "transfer", "put", "send", "get" }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly string[][] WantingCues =
    [
        ["i", "want"], ["i", "need"], ["i", "would", "like"], ["i", "would", "rather"], ["i", "would", "prefer"], ["get", "me"],
        ["give", "me"], ["can", "i", "have"], ["can", "i", "get"], ["could", "i", "get"], ["could", "i", "have"], ["is", "there"],
        ["are", "there"], ["let", "me"], ["through", "to"], ["need"], ["want"], ["send", "me"], ["find", "me"], ["where", "is"],
    ];

    private static readonly FrozenSet<string> Negators = new[] { "not", "no", "never", "without", "nobody", "neither" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Words a short "just a person" message may carry besides the person.</summary>
    private static readonly FrozenSet<string> Filler = new[]
    {
        "please", "pls", "plz", "now", "asap", "a", "an", "the", "i", "want", "need", "give", "me", "get", "just", "real", "live", "to", "with",
        "talk", "speak", "chat", "right", "away", "immediately", "ok", "okay", "hi", "hello", "hey", "your", "some", "any", "actual",
    }.ToFrozenSet(StringComparer.Ordinal);

    public ExplicitRequest? Detect(string text) => Detect(new MessageText(text));

    /// <summary>The same, for a message already analyzed.</summary>
    public ExplicitRequest? Detect(MessageText text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var clauses = text.Clauses;
        foreach (var clause in clauses)
        {
            if (InClause(clause) is { } evidence)
            {
                return new ExplicitRequest(evidence);
            }
        }

        // "agent", "human please", "representative!": the whole message is a person and filler.
        var words = clauses.SelectMany(c => c).ToList();
        if (words.Count is > 0 and <= 6 && !words.Any(Negators.Contains) && FindPerson(words, specificOnly: true) is { } person
            && words.Where((w, i) => i < person.Start || i >= person.Start + person.Length).All(Filler.Contains))
        {
            return new ExplicitRequest(TextNormalizer.Join(words));
        }

        return null;
    }

    /// <summary>
    /// True when a clause mentions a person under a negation ("no need for a human", "I don't want to talk to anyone"):
    /// then no other measure may read the message as a request for a person either.
    /// </summary>
    public bool DeclinesPerson(MessageText text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var clause in text.Clauses)
        {
            if (FindPerson(clause, specificOnly: false) is { } person && Negated(clause, person.Start))
            {
                return true;
            }
        }

        return false;
    }

    private static string? InClause(List<string> clause)
    {
        var person = FindPerson(clause, specificOnly: false);
        if (person is null)
        {
            return null;
        }

        var (start, length, vague) = person.Value;
        var cue = FindContact(clause);
        if (cue < 0 && !vague)
        {
            // "I need an agent", "get me a manager", "is there a human": the person right after the cue.
            cue = FindWantingBefore(clause, start);
        }

        if (cue < 0 || Negated(clause, Math.Min(cue, start)))
        {
            return null;
        }

        var from = Math.Min(cue, start);
        var to = Math.Max(cue, start + length - 1);
        return TextNormalizer.Join(clause.Skip(from).Take(to - from + 1));
    }

    private static int FindContact(List<string> words)
    {
        for (var i = 0; i < words.Count; i++)
        {
            if (ContactCues.Contains(words[i]) || (ContactMeCues.Contains(words[i]) && i + 1 < words.Count && words[i + 1] is "me"))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>A wanting cue that ends at most three filler words before the person.</summary>
    private static int FindWantingBefore(List<string> words, int personStart)
    {
        for (var i = 0; i < personStart; i++)
        {
            foreach (var cue in WantingCues)
            {
                var end = i + cue.Length;
                if (Matches(words, i, cue) && end <= personStart && personStart - end <= 3
                    && words.Skip(end).Take(personStart - end).All(Filler.Contains))
                {
                    return i;
                }
            }
        }

        return -1;
    }

    private static (int Start, int Length, bool Vague)? FindPerson(List<string> words, bool specificOnly)
    {
        for (var i = 0; i < words.Count; i++)
        {
            foreach (var person in SpecificPeople)
            {
                if (Matches(words, i, person))
                {
                    return (i, person.Length, false);
                }
            }
        }

        if (!specificOnly)
        {
            var vague = words.FindIndex(VaguePeople.Contains);
            if (vague >= 0)
            {
                return (vague, 1, true);
            }
        }

        return null;
    }

    /// <summary>A negator in the clause before the request's first word, or right after a cue ("talk to nobody").</summary>
    private static bool Negated(List<string> clause, int requestStart)
    {
        for (var i = 0; i < clause.Count; i++)
        {
            if (!Negators.Contains(clause[i]))
            {
                continue;
            }

            // "why can not I talk to a person" and "is there not someone" still ask for a person.
            var rhetorical = i > 0 && clause[i - 1] is "can" && i + 1 < clause.Count && clause[i + 1] is "i";
            if (!rhetorical && (i < requestStart || i <= requestStart + 3))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Matches(List<string> words, int at, string[] pattern)
    {
        if (at + pattern.Length > words.Count)
        {
            return false;
        }

        for (var j = 0; j < pattern.Length; j++)
        {
            if (words[at + j] != pattern[j])
            {
                return false;
            }
        }

        return true;
    }
}
