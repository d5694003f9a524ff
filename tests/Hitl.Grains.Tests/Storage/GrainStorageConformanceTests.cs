using Orleans.Storage;

namespace Hitl.Grains.Tests.Storage;

/// <summary>
/// What every Hitl grain storage must do, whatever the backend. A backend's test class derives
/// from this and says how to open its storage; <see cref="OpenAsync"/> called twice must reach the
/// same data (a second process on the same database).
/// </summary>
public abstract class GrainStorageConformanceTests
{
    private const string State = "state";

    /// <summary>Opens a storage on this test's database.</summary>
    protected abstract Task<IGrainStorage> OpenAsync();

    private static GrainId Grain(string type = "conversation", string? key = null) =>
        GrainId.Create(type, key ?? Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Read_OfAGrainNeverWritten_HasNoRecordAndNoETag()
    {
        var storage = await OpenAsync();
        var state = new TestGrainState<StorageTestState>();
        await storage.ReadStateAsync(State, Grain(), state);
        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.Equal("", state.State.Name);
    }

    [Fact]
    public async Task Write_ThenRead_FromAnotherInstance_RoundTrips()
    {
        var grain = Grain();
        var written = new TestGrainState<StorageTestState> { State = new() { Name = "Ana", Count = 42, Items = ["a", "b"] } };
        await (await OpenAsync()).WriteStateAsync(State, grain, written);
        Assert.True(written.RecordExists);
        Assert.NotNull(written.ETag);

        var read = new TestGrainState<StorageTestState>();
        await (await OpenAsync()).ReadStateAsync(State, grain, read);
        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal("Ana", read.State.Name);
        Assert.Equal(42, read.State.Count);
        Assert.Equal(["a", "b"], read.State.Items);
    }

    [Fact]
    public async Task Write_Again_ChangesTheETag()
    {
        var storage = await OpenAsync();
        var state = new TestGrainState<StorageTestState>();
        var grain = Grain();
        await storage.WriteStateAsync(State, grain, state);
        var first = state.ETag;
        state.State.Count = 2;
        await storage.WriteStateAsync(State, grain, state);
        Assert.NotEqual(first, state.ETag);
    }

    [Fact]
    public async Task Write_WithAStaleETag_Throws_AndKeepsTheStoredState()
    {
        var storage = await OpenAsync();
        var grain = Grain();
        var a = new TestGrainState<StorageTestState> { State = new() { Name = "first" } };
        await storage.WriteStateAsync(State, grain, a);

        var b = new TestGrainState<StorageTestState>();
        await storage.ReadStateAsync(State, grain, b);
        b.State.Name = "second";
        await storage.WriteStateAsync(State, grain, b);

        a.State.Name = "stale";
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(State, grain, a));

        var read = new TestGrainState<StorageTestState>();
        await storage.ReadStateAsync(State, grain, read);
        Assert.Equal("second", read.State.Name);
        Assert.Equal(b.ETag, read.ETag);
    }

    [Fact]
    public async Task TwoFirstWrites_OfOneGrain_ExactlyOneWins()
    {
        var storage = await OpenAsync();
        var grain = Grain();
        var one = new TestGrainState<StorageTestState> { State = new() { Name = "one" } };
        var two = new TestGrainState<StorageTestState> { State = new() { Name = "two" } };

        var results = await Task.WhenAll(
            Capture(storage.WriteStateAsync(State, grain, one)),
            Capture(storage.WriteStateAsync(State, grain, two)));

        Assert.Single(results, r => r is null);
        Assert.IsType<InconsistentStateException>(Assert.Single(results, r => r is not null));
        var read = new TestGrainState<StorageTestState>();
        await storage.ReadStateAsync(State, grain, read);
        Assert.Contains(read.State.Name, new[] { "one", "two" });
    }

    [Fact]
    public async Task Clear_RemovesTheRecord_AndAStaleClearThrows()
    {
        var storage = await OpenAsync();
        var grain = Grain();
        var state = new TestGrainState<StorageTestState> { State = new() { Name = "x" } };
        await storage.WriteStateAsync(State, grain, state);
        var stale = new TestGrainState<StorageTestState> { ETag = state.ETag };
        await storage.WriteStateAsync(State, grain, state);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync(State, grain, stale));
        await storage.ClearStateAsync(State, grain, state);
        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);

        var read = new TestGrainState<StorageTestState>();
        await storage.ReadStateAsync(State, grain, read);
        Assert.False(read.RecordExists);

        // Written again from scratch after a clear.
        await storage.WriteStateAsync(State, grain, new TestGrainState<StorageTestState>());
    }

    [Fact]
    public async Task TwoGrainTypes_WithTheSameKeyAndStateName_NeverOverwriteEachOther()
    {
        var storage = await OpenAsync();
        var key = Guid.NewGuid().ToString("N");
        await storage.WriteStateAsync(State, Grain("tenant", key), new TestGrainState<StorageTestState> { State = new() { Name = "tenant" } });
        await storage.WriteStateAsync(State, Grain("knowledge", key), new TestGrainState<StorageTestState> { State = new() { Name = "knowledge" } });

        var tenant = new TestGrainState<StorageTestState>();
        var knowledge = new TestGrainState<StorageTestState>();
        await storage.ReadStateAsync(State, Grain("tenant", key), tenant);
        await storage.ReadStateAsync(State, Grain("knowledge", key), knowledge);
        Assert.Equal("tenant", tenant.State.Name);
        Assert.Equal("knowledge", knowledge.State.Name);
    }

    [Fact]
    public async Task TwoStateNames_OfOneGrain_AreSeparate()
    {
        var storage = await OpenAsync();
        var grain = Grain();
        await storage.WriteStateAsync("a", grain, new TestGrainState<StorageTestState> { State = new() { Name = "a" } });
        await storage.WriteStateAsync("b", grain, new TestGrainState<StorageTestState> { State = new() { Name = "b" } });
        var read = new TestGrainState<StorageTestState>();
        await storage.ReadStateAsync("a", grain, read);
        Assert.Equal("a", read.State.Name);
    }

    [Fact]
    public async Task LargeState_RoundTrips()
    {
        var storage = await OpenAsync();
        var grain = Grain();
        var items = Enumerable.Range(0, 20_000).Select(i => $"item {i} " + new string('x', 40)).ToList();
        await storage.WriteStateAsync(State, grain, new TestGrainState<StorageTestState> { State = new() { Items = items } });
        var read = new TestGrainState<StorageTestState>();
        await storage.ReadStateAsync(State, grain, read);
        Assert.Equal(items, read.State.Items);
    }

    [Fact]
    public async Task ManyConcurrentWrites_OfDifferentGrains_AreAllStored()
    {
        var storage = await OpenAsync();
        var grains = Enumerable.Range(0, 200).Select(_ => Grain()).ToList();
        await Task.WhenAll(grains.Select((g, i) => storage.WriteStateAsync(State, g, new TestGrainState<StorageTestState> { State = new() { Count = i } })));
        for (var i = 0; i < grains.Count; i++)
        {
            var read = new TestGrainState<StorageTestState>();
            await storage.ReadStateAsync(State, grains[i], read);
            Assert.Equal(i, read.State.Count);
        }
    }

    private static async Task<Exception?> Capture(Task task)
    {
        try
        {
            await task;
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }
}
