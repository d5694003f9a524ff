using Hitl.Grains.Common;
using Hitl.Grains.Knowledge;
using Hitl.Grains.Tests.Grains;
using Hitl.Silo.Hosting;
using Hitl.Silo.Storage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Hitl.Grains.Tests.Cluster;

/// <summary>Two in-process silos sharing one SQLite database (the same storage a single process uses), real clock.</summary>
public sealed class TwoSiloFixture : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "hitl-two-silos-" + Guid.NewGuid().ToString("N"));

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        var database = Path.Combine(_directory, "hitl.db");
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddSqliteGrainStorage(HitlStorage.Name, o => o.DatabasePath = database);
            silo.UseSqliteReminderService(o => o.DatabasePath = database);
            silo.Services.AddSingleton<KnowledgeBot>();
            silo.Services.AddSingleton<IBot, FaultInjectingBot>();
            silo.AddHitlGrainServices();
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class TwoSiloCollection : ICollectionFixture<TwoSiloFixture>
{
    public const string Name = "two-silos";
}
