using Hitl.Silo.Storage.Postgres;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hitl.Grains.Tests.Postgres;

/// <summary>One PostgreSQL server per test collection, and a migrated database for each caller that asks.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public PostgresServer Server { get; private set; } = null!;

    /// <summary>A fresh database with the project's schema applied.</summary>
    public async Task<string> MigratedDatabaseAsync()
    {
        var connectionString = await Server.CreateDatabaseAsync();
        await new PostgresMigrator(connectionString, new PostgresOptions(), NullLogger.Instance).MigrateAsync();
        return connectionString;
    }

    public async Task InitializeAsync() => Server = await PostgresServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "postgres";
}
