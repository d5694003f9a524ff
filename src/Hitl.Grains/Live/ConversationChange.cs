using Hitl.Grains.Conversations;

namespace Hitl.Grains.Live;

/// <summary>
/// A change of one conversation. <see cref="Version"/> is the conversation's version after the
/// change; the events of one command (a message and the bot's reply, say) share it.
/// </summary>
[GenerateSerializer, Immutable, Alias("hitl.ConversationChange")]
public sealed record ConversationChange(
    [property: Id(0)] string Tenant,
    [property: Id(1)] string ConversationId,
    [property: Id(2)] long Version,
    [property: Id(3)] string Kind,
    [property: Id(4)] ChatMessage? Message,
    [property: Id(5)] ConversationView Conversation);
