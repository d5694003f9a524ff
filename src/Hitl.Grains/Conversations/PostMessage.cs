using Hitl.Grains.Common;

namespace Hitl.Grains.Conversations;

/// <summary>A message sent by a customer or an agent. <see cref="ClientMessageId"/> makes retries safe.</summary>
[GenerateSerializer, Immutable, Alias("hitl.PostMessage")]
public sealed record PostMessage(
    [property: Id(0)] Caller Caller,
    [property: Id(1)] string Text,
    [property: Id(2)] string ClientMessageId);
