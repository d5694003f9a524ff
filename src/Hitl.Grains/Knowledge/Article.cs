namespace Hitl.Grains.Knowledge;

/// <summary>A knowledge-base article: what the bot answers from.</summary>
[GenerateSerializer, Immutable, Alias("hitl.Article")]
public sealed record Article(
    [property: Id(0)] string Id,
    [property: Id(1)] string Title,
    [property: Id(2)] string Body,
    [property: Id(3)] IReadOnlyList<string> Questions,
    [property: Id(4)] DateTimeOffset UpdatedAt);
