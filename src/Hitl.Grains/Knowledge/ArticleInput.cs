namespace Hitl.Grains.Knowledge;

/// <summary>A new article (no id) or a new version of an existing one.</summary>
[GenerateSerializer, Immutable, Alias("hitl.ArticleInput")]
public sealed record ArticleInput(
    [property: Id(0)] string? Id,
    [property: Id(1)] string Title,
    [property: Id(2)] string Body,
    [property: Id(3)] IReadOnlyList<string> Questions);
