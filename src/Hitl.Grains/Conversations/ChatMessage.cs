namespace Hitl.Grains.Conversations;

/// <summary>One message of a transcript. <see cref="Seq"/> numbers the messages of a conversation from 0.</summary>
[GenerateSerializer, Immutable, Alias("hitl.ChatMessage")]
public sealed record ChatMessage(
    [property: Id(0)] string Id,
    [property: Id(1)] long Seq,
    [property: Id(2)] Author Author,
    [property: Id(3)] string? AuthorId,
    [property: Id(4)] string Text,
    [property: Id(5)] DateTimeOffset At,
    [property: Id(6)] double? Confidence,
    [property: Id(7)] IReadOnlyList<string> Sources,
    [property: Id(8)] double? Sentiment);
