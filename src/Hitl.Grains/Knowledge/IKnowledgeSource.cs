namespace Hitl.Grains.Knowledge;

/// <summary>Where the index cache reads a tenant's knowledge base: the grain, or a fake in tests.</summary>
internal interface IKnowledgeSource
{
    Task<long> GetVersionAsync(string tenant);

    Task<KnowledgeSnapshot> GetSnapshotAsync(string tenant);
}
