namespace Hitl.Grains.Conversations;

/// <summary>The stored message, the bot's immediate reply if it gave one, and the conversation after both.</summary>
[GenerateSerializer, Immutable, Alias("hitl.SendMessageResult")]
public sealed record SendMessageResult(
    [property: Id(0)] ChatMessage Message,
    [property: Id(1)] ChatMessage? Reply,
    [property: Id(2)] ConversationView Conversation);
