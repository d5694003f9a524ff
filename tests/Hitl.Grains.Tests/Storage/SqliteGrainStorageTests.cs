using Hitl.Silo.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Serialization;
using Orleans.Storage;

namespace Hitl.Grains.Tests.Storage;

public sealed class SqliteGrainStorageTests : GrainStorageConformanceTests, IAsyncLifetime
{
    private static readonly Serializer Serializer = new ServiceCollection().AddSerializer(s => s.AddAssembly(typeof(StorageTestState).Assembly)).BuildServiceProvider().GetRequiredService<Serializer>();

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "hitl-storage-" + Guid.NewGuid().ToString("N"));
    private readonly List<SqliteGrainStorage> _opened = [];

    private string DatabasePath => Path.Combine(_directory, "hitl.db");

    protected override Task<IGrainStorage> OpenAsync() => Task.FromResult<IGrainStorage>(Open());

    [Fact]
    public async Task ConcurrentWrites_AreGroupedIntoFewerTransactions()
    {
        var storage = Open();
        var before = storage.CommittedTransactions;
        const int Writes = 300;
        await Task.WhenAll(Enumerable.Range(0, Writes).Select(i =>
            storage.WriteStateAsync("s", GrainId.Create("conversation", $"g{i}"), new TestGrainState<StorageTestState> { State = new() { Count = i } })));

        var transactions = storage.CommittedTransactions - before;
        Assert.Equal(Writes, storage.CommittedWrites);
        Assert.InRange(transactions, 1, Writes - 1);
    }

    [Fact]
    public async Task AConflict_FailsOnlyItsOwnWrite_InABatch()
    {
        var storage = Open();
        var contested = GrainId.Create("conversation", "contested");
        await storage.WriteStateAsync("s", contested, new TestGrainState<StorageTestState>());

        var stale = new TestGrainState<StorageTestState>(); // no ETag: a first write where a row exists
        var others = Enumerable.Range(0, 50).Select(i =>
            storage.WriteStateAsync("s", GrainId.Create("conversation", $"other{i}"), new TestGrainState<StorageTestState> { State = new() { Count = i } })).ToList();
        var conflict = storage.WriteStateAsync("s", contested, stale);

        await Task.WhenAll(others);
        await Assert.ThrowsAsync<InconsistentStateException>(() => conflict);
        var read = new TestGrainState<StorageTestState>();
        await storage.ReadStateAsync("s", GrainId.Create("conversation", "other49"), read);
        Assert.Equal(49, read.State.Count);
    }

    [Fact]
    public async Task Dispose_CompletesWritesAlreadyQueued()
    {
        var storage = Open();
        var writes = Enumerable.Range(0, 100).Select(i =>
            storage.WriteStateAsync("s", GrainId.Create("conversation", $"d{i}"), new TestGrainState<StorageTestState> { State = new() { Count = i } })).ToList();
        await storage.DisposeAsync();
        await Task.WhenAll(writes);

        var read = new TestGrainState<StorageTestState>();
        await Open().ReadStateAsync("s", GrainId.Create("conversation", "d99"), read);
        Assert.Equal(99, read.State.Count);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var storage in _opened)
        {
            await storage.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private SqliteGrainStorage Open()
    {
        var storage = new SqliteGrainStorage(
            "test",
            "service",
            new SqliteStorageOptions { DatabasePath = DatabasePath },
            new OrleansGrainStorageSerializer(Serializer),
            TimeProvider.System,
            NullLogger<SqliteGrainStorage>.Instance);
        _opened.Add(storage);
        return storage;
    }
}
