namespace Hitl.Grains.Knowledge.Semantic;

/// <summary>The <c>Hitl:Bot</c> section: how the knowledge bot retrieves.</summary>
public sealed class SemanticOptions
{
    public const string Section = "Hitl:Bot";

    /// <summary><c>hybrid</c> (BM25 and sentence embeddings, the default) or <c>lexical</c> (BM25 only, for tiny machines).</summary>
    public string Retrieval { get; set; } = "hybrid";

    /// <summary>Batches encoded at once per silo (default: the processor count).</summary>
    public int MaxConcurrency { get; set; } = Environment.ProcessorCount;

    /// <summary>Vectors of recent customer questions kept per silo (default 10,000; about 1.5 KB each).</summary>
    public int QueryCacheSize { get; set; } = 10_000;

    public bool Hybrid => !string.Equals(Retrieval, "lexical", StringComparison.OrdinalIgnoreCase);
}
