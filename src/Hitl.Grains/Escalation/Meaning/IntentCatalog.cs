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

    /// <summary>Small talk: a greeting.</summary>
    public const string Greeting = "greeting";

    /// <summary>Small talk: thanks.</summary>
    public const string Thanks = "thanks";

    /// <summary>Small talk: an acknowledgement ("ok", "got it").</summary>
    public const string Acknowledgement = "acknowledgement";

    /// <summary>Small talk: a goodbye.</summary>
    public const string Goodbye = "goodbye";

    /// <summary>Small talk: the customer asks whether they talk to a bot.</summary>
    public const string BotQuestion = "bot-question";

    /// <summary>The intents that are small talk: a short friendly reply, never an escalation on their own.</summary>
    public static IReadOnlySet<string> SmallTalk { get; } = new HashSet<string>(StringComparer.Ordinal) { Greeting, Thanks, Acknowledgement, Goodbye, BotQuestion };

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
        [Greeting] =
        [
            "hi", "hello", "hey", "hi there", "hello there", "good morning", "good afternoon", "good evening",
            "hey, anyone there?", "hiya", "greetings", "hello, is this support?",
        ],
        [Thanks] =
        [
            "thanks", "thank you", "thank you very much", "thanks a lot", "cheers", "many thanks", "thanks, that helps",
            "thank you, that's exactly what I needed", "much appreciated", "thanks so much for your help",
        ],
        [Acknowledgement] =
        [
            "ok", "okay", "got it", "alright", "sure", "yes", "great", "perfect", "cool", "understood", "makes sense",
            "fine", "sounds good", "noted",
        ],
        [Goodbye] =
        [
            "bye", "goodbye", "see you", "have a nice day", "that's all, bye", "talk to you later", "bye for now",
            "that's everything, thanks, bye",
        ],
        [BotQuestion] =
        [
            "are you a bot?", "am I talking to a robot?", "is this an automated chat?", "are you a real person or a machine?",
            "is this AI?", "are you human?", "who am I chatting with?",
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
        "how do I reset my password",
        "where is my order",
        "can I get a refund",
        "how much does shipping cost",
        "my app keeps crashing",
        "I want to cancel my subscription",
    ];
}
