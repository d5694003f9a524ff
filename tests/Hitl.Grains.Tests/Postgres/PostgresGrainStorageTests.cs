using Hitl.Grains.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Hitl.Grains.Tests.Postgres;

/// <summary>The storage conformance suite shared with SQLite, on the Orleans AdoNet provider with the project's PostgreSQL schema.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresGrainStorageTests(PostgresFixture fixture) : GrainStorageConformanceTests, IAsyncLifetime
{
    private static readonly ServiceProvider Services = new ServiceCollection().AddSerializer(s => s.AddAssembly(typeof(StorageTestState).Assembly)).BuildServiceProvider();

    private string _connectionString = null!;

    public async Task InitializeAsync() => _connectionString = await fixture.MigratedDatabaseAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    protected override async Task<IGrainStorage> OpenAsync()
    {
        Hitl.Silo.Storage.Postgres.PostgresConnections.RegisterProvider();
        var options = new AdoNetGrainStorageOptions
        {
            Invariant = Hitl.Silo.Storage.Postgres.PostgresConnections.Invariant,
            ConnectionString = _connectionString,
            DeleteStateOnClear = true,
            GrainStorageSerializer = new OrleansGrainStorageSerializer(Services.GetRequiredService<Serializer>()),
        };
        var storage = new AdoNetGrainStorage(
            Services.GetRequiredService<IActivatorProvider>(),
            NullLogger<AdoNetGrainStorage>.Instance,
            Options.Create(options),
            Options.Create(new ClusterOptions { ClusterId = "test", ServiceId = "hitl-test" }),
            "hitl");
        var lifecycle = new StartNowLifecycle();
        storage.Participate(lifecycle);
        await lifecycle.StartAsync();
        return new Hitl.Silo.Storage.Postgres.GrainTypeScopedStorage(storage);
    }

    [Fact]
    public async Task A_version_past_the_32_bit_range_still_gives_an_ETag_that_the_next_write_accepts()
    {
        var storage = await OpenAsync();
        var grain = GrainId.Create("conversation", Guid.NewGuid().ToString("N"));
        var state = new TestGrainState<StorageTestState> { State = new() { Name = "one" } };
        await storage.WriteStateAsync("state", grain, state);

        // As if the grain had been written 2^31 - 2 times: the next write stores 2^31 - 1, the one after wraps.
        await using (var connection = new NpgsqlConnection(_connectionString))
        {
            await connection.OpenAsync();
            await using var bump = new NpgsqlCommand("UPDATE orleans_storage SET version = 2147483646", connection);
            Assert.Equal(1, await bump.ExecuteNonQueryAsync());
        }

        var read = new TestGrainState<StorageTestState>();
        await storage.ReadStateAsync("state", grain, read);
        Assert.Equal("2147483646", read.ETag);
        read.State.Name = "two";
        await storage.WriteStateAsync("state", grain, read);
        Assert.Equal("2147483647", read.ETag);
        var stale = new TestGrainState<StorageTestState>();
        await storage.ReadStateAsync("state", grain, stale);
        read.State.Name = "three";
        await storage.WriteStateAsync("state", grain, read);
        Assert.Equal("1", read.ETag);

        stale.State.Name = "stale";
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("state", grain, stale));
        var last = new TestGrainState<StorageTestState>();
        await storage.ReadStateAsync("state", grain, last);
        Assert.Equal(("three", "1"), (last.State.Name, last.ETag));
    }

    [Fact]
    public async Task The_ETag_function_is_inlined_into_the_statements_that_use_it()
    {
        // A SQL function that PostgreSQL cannot inline runs as a query of its own on every call,
        // several times per grain write (migration 3 says why that mattered).
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var explain = new NpgsqlCommand("EXPLAIN (VERBOSE) SELECT hitl_etag32(version) FROM orleans_storage WHERE hitl_etag32(version) = 3", connection);
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(0));
            }
        }

        Assert.DoesNotContain(plan, line => line.Contains("hitl_etag32", StringComparison.Ordinal));
        Assert.Contains(plan, line => line.Contains("2147483647", StringComparison.Ordinal));

        await using var values = new NpgsqlCommand("SELECT hitl_etag32(NULL), hitl_etag32(0), hitl_etag32(1), hitl_etag32(2147483647), hitl_etag32(2147483648), hitl_etag32(4294967294)", connection);
        await using var row = await values.ExecuteReaderAsync();
        Assert.True(await row.ReadAsync());
        Assert.True(row.IsDBNull(0));
        Assert.Equal([0, 1, 2147483647, 1, 2147483647], Enumerable.Range(1, 5).Select(row.GetInt32));
    }
}
