namespace Hitl.Grains.Conversations;

/// <summary>Remembers what a client message id produced, so a retry returns the first result.</summary>
[GenerateSerializer, Immutable, Alias("hitl.ClientMessageRecord")]
public sealed record ClientMessageRecord(
    [property: Id(0)] string Key,
    [property: Id(1)] long MessageSeq,
    [property: Id(2)] long? ReplySeq);
