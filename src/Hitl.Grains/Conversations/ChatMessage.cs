namespace Hitl.Grains.Conversations;

/// <summary>One message of a transcript. <see cref="Seq"/> numbers the messages of a conversation from 0.</summary>
/// <remarks>
/// Immutable and never held twice in one stored state, so Orleans' serializer need not track its instances
/// (it records every tracked object of a graph, and a long conversation's state holds up to 80 messages).
/// The stored form is unchanged: a tracked and an untracked object take the same reference number.
/// </remarks>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("hitl.ChatMessage")]
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
