using Hitl.Grains.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
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
}
