using Hitl.Grains.Knowledge;

namespace Hitl.Grains.Tests.Knowledge;

/// <summary>
/// An in-memory knowledge source that counts calls. Set <see cref="Gate"/> to hold snapshot reads
/// until the test releases them.
/// </summary>
internal sealed class FakeKnowledgeSource : IKnowledgeSource
{
    private readonly Lock _lock = new();
    private KnowledgeSnapshot _snapshot = new(0, []);
    private int _versionCalls;
    private int _snapshotCalls;

    public TaskCompletionSource? Gate { get; set; }

    public int VersionCalls => Volatile.Read(ref _versionCalls);

    public int SnapshotCalls => Volatile.Read(ref _snapshotCalls);

    public void Publish(params Article[] articles)
    {
        lock (_lock)
        {
            _snapshot = new KnowledgeSnapshot(_snapshot.Version + 1, articles);
        }
    }

    public Task<long> GetVersionAsync(string tenant)
    {
        Interlocked.Increment(ref _versionCalls);
        lock (_lock)
        {
            return Task.FromResult(_snapshot.Version);
        }
    }

    public async Task<KnowledgeSnapshot> GetSnapshotAsync(string tenant)
    {
        Interlocked.Increment(ref _snapshotCalls);
        if (Gate is { } gate)
        {
            await gate.Task;
        }

        lock (_lock)
        {
            return _snapshot;
        }
    }
}
