namespace Hitl.Grains.Escalation.Meaning;

/// <summary>
/// Example utterances ("training phrases") of the intents the engine recognises by meaning, and of what they are not.
/// A message is matched to its nearest examples in embedding space (IntentClassifier), so wording that
/// appears in no list is still recognised when it means the same. The examples are generic support-chat phrasings,
/// written for this catalogue; none is taken from an evaluation set.
/// </summary>
public static class IntentCatalog
{
    /// <summary>The customer asks for a person.</summary>
    public const string HumanRequest = "human-request";

    /// <summary>Utterances per intent.</summary>
    public static IReadOnlyDictionary<string, string[]> Intents { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        [HumanRequest] =
        [
            "I want to talk to a human",
            "can I speak to a real person please",
            "put me through to an agent",
            "transfer me to customer service",
            "I need a person to help me with this, not a bot",
            "please have someone from your staff contact me",
            "can somebody call me back",
            "let me talk to your manager",
            "escalate this to a human agent",
            "I would prefer to deal with a member of staff",
            "connect me with a support representative",
            "get a real person to look at this",
            "can I have an operator",
            "is there anyone I can talk to",
            "hand this over to someone who can actually help",
            "I'd like someone to phone me about this",
            "pass me on to a person",
            "I want this looked at by one of your people",
            "stop the bot, I want an employee",
            "can a person from your company get in touch with me",
        ],
    };

    /// <summary>
    /// Utterances that resemble the intents but are not them: questions that mention people, negated requests, reports
    /// of what an employee said. A message nearer to these than to an intent's examples does not match it.
    /// </summary>
    public static IReadOnlyList<string> Contrast { get; } =
    [
        "I don't need a person, just answer my question",
        "no need to speak to anyone, thanks",
        "I do not want to talk to an agent",
        "the engineer told me to reset it",
        "your colleague on the phone said it was fixed",
        "how do I add another person to my account",
        "can my colleague see my files",
        "my manager asked me to check the invoice",
        "the agent app is not working",
        "how do I contact the seller",
        "can you send me the form",
        "how do I call a number abroad",
        "how can my team members log in",
        "who do I make the cheque payable to",
        "where is your nearest store",
        "what are your opening hours",
    ];
}
