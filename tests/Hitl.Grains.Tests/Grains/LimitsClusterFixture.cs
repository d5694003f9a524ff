using Hitl.Grains.Common;
using Hitl.Grains.Conversations;
using Hitl.Grains.Knowledge;
using Hitl.Silo.Hosting;
using Hitl.Silo.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace Hitl.Grains.Tests.Grains;

/// <summary>
/// One in-process silo with small <see cref="ConversationLimits"/> (the limits the tests reach), the real SQLite storage
/// and a fake clock. Limits are per tenant (or per tenant queue), so tests stay apart by creating their own tenants.
/// </summary>
public sealed class LimitsClusterFixture : IAsyncLifetime
{
    public const int OpenConversations = 3;
    public const int WaitingItems = 2;
    public static readonly TimeSpan IdleTtl = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan Cooldown = TimeSpan.FromSeconds(60);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "hitl-limits-" + Guid.NewGuid().ToString("N"));

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>The silo's clock; tests move it, never wait for it.</summary>
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));

    /// <summary>The silo's count of open conversations per tenant.</summary>
    public OpenConversationGauge Gauge => Cluster.Silos[0].ServiceProvider.GetRequiredService<OpenConversationGauge>();

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
            silo.Services.Configure<ConversationLimits>(o =>
            {
                o.OpenConversationsPerTenant = OpenConversations;
                o.WaitingItemsPerQueue = WaitingItems;
                o.IdleConversationTtl = IdleTtl;
                o.RequestHumanCooldown = Cooldown;
            });
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

[CollectionDefinition(Name)]
public sealed class LimitsClusterCollection : ICollectionFixture<LimitsClusterFixture>
{
    public const string Name = "limits-cluster";
}
