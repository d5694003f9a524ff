namespace Hitl.Grains.Escalation.Meaning;

/// <summary>The bot's short replies to small talk (<see cref="IntentCatalog.SmallTalk"/>): friendly, quoting no article.</summary>
public static class SmallTalkReplies
{
    /// <summary>The reply to <paramref name="intent"/>.</summary>
    public static string For(string? intent) => intent switch
    {
        IntentCatalog.Greeting => "Hello! What can I help you with?",
        IntentCatalog.Thanks => "You're welcome! Is there anything else I can help with?",
        IntentCatalog.Goodbye => "Thanks for getting in touch. Goodbye!",
        IntentCatalog.BotQuestion => "I'm the virtual assistant. I can answer most questions, and I can bring in a person whenever you ask.",
        _ => "Great. Is there anything else I can help with?",
    };
}
