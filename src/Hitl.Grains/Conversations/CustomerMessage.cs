namespace Hitl.Grains.Conversations;

/// <summary>A customer message just appended: the running sentiment before it, and whether the bot answers it.</summary>
public sealed record CustomerMessage(ChatMessage Message, double? PreviousSentiment, bool BotAnswers);
