using Hitl.Grains.Common;
using Hitl.Grains.Knowledge;
using Hitl.Silo.Hosting;
using Hitl.Silo.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace Hitl.Grains.Tests.Grains;

/// <summary>One in-process silo with the real SQLite storage on a temporary file, shared by a test collection.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "hitl-grains-" + Guid.NewGuid().ToString("N"));

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>The silo's clock; tests move it, never wait for it.</summary>
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        var database = Path.Combine(_directory, "hitl.db");
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddSqliteGrainStorage(HitlStorage.Name, o => o.DatabasePath = database);
            silo.UseSqliteReminderService(o => o.DatabasePath = database);
            silo.Services.AddSingleton<TimeProvider>(Time);
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
            // Best effort: SQLite may still hold the file briefly on some systems.
        }
    }
}
