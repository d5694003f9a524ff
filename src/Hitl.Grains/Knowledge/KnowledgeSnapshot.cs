namespace Hitl.Grains.Knowledge;

/// <summary>Every article of a tenant at one knowledge-base version.</summary>
[GenerateSerializer, Immutable, Alias("hitl.KnowledgeSnapshot")]
public sealed record KnowledgeSnapshot(
    [property: Id(0)] long Version,
    [property: Id(1)] IReadOnlyList<Article> Articles);
