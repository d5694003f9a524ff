using Hitl.Grains.Agents;
using Hitl.Grains.Common;
using Hitl.Grains.Escalation;
using Hitl.Grains.Escalation.Text;
using Hitl.Grains.Knowledge;
using Hitl.Grains.Tenants;
using Hitl.Silo.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;

namespace Hitl.Silo.Hosting;

/// <summary>Configures a silo that hosts Hitl's grains.</summary>
public static class HitlSiloExtensions
{
    /// <summary>
    /// Localhost clustering and durable SQLite storage under the data directory (embedded mode),
    /// plus the services grains need: the bot, the per-silo knowledge index cache and the clock.
    /// </summary>
    public static ISiloBuilder AddHitlEmbeddedSilo(this ISiloBuilder silo, HitlOptions options, DataDirectory data)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(data);
        silo.UseLocalhostClustering(options.Cluster.SiloPort, options.Cluster.GatewayPort, serviceId: options.Cluster.ServiceId, clusterId: options.Cluster.ClusterId);
        silo.AddSqliteGrainStorage(HitlStorage.Name, o => o.DatabasePath = data.DatabasePath);
        silo.UseSqliteReminderService(o => o.DatabasePath = data.DatabasePath);
        silo.Services.Configure<AgentOptions>(o => o.PresenceTimeout = options.Agents.PresenceTimeout);
        return silo.AddHitlGrainServices().AddHitlLlmBot(options.Llm);
    }

    /// <summary>The services Hitl's grains depend on, whatever the storage.</summary>
    public static ISiloBuilder AddHitlGrainServices(this ISiloBuilder silo)
    {
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.AddOptions<KnowledgeBotOptions>();
        silo.Services.AddOptions<AgentOptions>();
        silo.Services.TryAddSingleton<KnowledgeIndexCache>();
        silo.Services.TryAddSingleton<IBot, KnowledgeBot>();
        silo.Services.TryAddSingleton<TenantPolicyCache>();
        silo.Services.TryAddSingleton(EscalationEngine.CreateDefault());
        silo.Services.TryAddSingleton<SentimentScorer>();
        silo.Configure<GrainCollectionOptions>(o => o.CollectionAge = TimeSpan.FromMinutes(15));
        return silo;
    }
}
