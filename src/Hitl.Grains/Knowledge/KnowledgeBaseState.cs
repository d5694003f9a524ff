namespace Hitl.Grains.Knowledge;

[GenerateSerializer, Alias("hitl.KnowledgeBaseState")]
public sealed class KnowledgeBaseState
{
    /// <summary>Grows by one with every change of the articles.</summary>
    [Id(0)] public long Version { get; set; }
    [Id(1)] public Dictionary<string, Article> Articles { get; set; } = new(StringComparer.Ordinal);
}
