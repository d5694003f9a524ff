namespace Hitl.Grains.Knowledge;

/// <summary>Reads knowledge bases from <see cref="IKnowledgeBaseGrain"/>.</summary>
internal sealed class GrainKnowledgeSource(IGrainFactory grainFactory) : IKnowledgeSource
{
    public Task<long> GetVersionAsync(string tenant) =>
        grainFactory.GetGrain<IKnowledgeBaseGrain>(tenant).GetVersionAsync();

    public Task<KnowledgeSnapshot> GetSnapshotAsync(string tenant) =>
        grainFactory.GetGrain<IKnowledgeBaseGrain>(tenant).GetSnapshotAsync();
}
