using Hitl.Grains.Agents;
using Hitl.Grains.Common;
using Hitl.Grains.Conversations;
using Hitl.Grains.Escalation;
using Hitl.Grains.Escalation.Meaning;
using Hitl.Grains.Escalation.Text;
using Hitl.Grains.Knowledge;
using Hitl.Grains.Knowledge.Semantic;
using Hitl.Grains.Tenants;
using Hitl.Silo.Storage;
using Hitl.Silo.Storage.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

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
        void Sqlite(SqliteStorageOptions o)
        {
            o.DatabasePath = data.DatabasePath;
            o.WriterCacheMiB = options.Sqlite.WriterCacheMiB;
            o.MmapMiB = options.Sqlite.MmapMiB;
        }

        silo.AddSqliteGrainStorage(HitlStorage.Name, Sqlite);
        silo.UseSqliteReminderService(Sqlite);
        silo.Services.Configure<AgentOptions>(o => o.PresenceTimeout = options.Agents.PresenceTimeout);
        silo.Services.Configure<ConversationLimits>(options.Limits.CopyTo);
        return silo.AddHitlGrainServices().AddHitlLlmBot(options.Llm);
    }

    /// <summary>
    /// A silo by configuration: <c>Hitl:Storage=postgres</c> gives cluster membership, grain state
    /// and reminders in PostgreSQL (the Orleans AdoNet providers with the project's own schema,
    /// <c>deploy/postgres</c>); otherwise the embedded SQLite silo.
    /// </summary>
    public static ISiloBuilder AddHitlSilo(this ISiloBuilder silo, HitlOptions options, DataDirectory data)
    {
        ArgumentNullException.ThrowIfNull(options);
        silo.UseHitlTls(options.Cluster.Tls);
        return options.UsesPostgres ? silo.AddHitlPostgresSilo(options) : silo.AddHitlEmbeddedSilo(options, data);
    }

    private const string AdoNetStorageName = "hitl-adonet";

    /// <summary>Cluster mode: PostgreSQL membership, grain storage and reminders.</summary>
    public static ISiloBuilder AddHitlPostgresSilo(this ISiloBuilder silo, HitlOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var connectionString = PostgresConnections.Normalize(options.PostgresConnectionString, options.Postgres);
        PostgresConnections.RegisterProvider();
        if (options.Cluster.Kubernetes)
        {
            silo.UseKubernetesHosting();
        }
        else
        {
            silo.ConfigureEndpoints(System.Net.IPAddress.Parse(options.Cluster.AdvertisedIp), options.Cluster.SiloPort, options.Cluster.GatewayPort, listenOnAnyHostAddress: true);
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = options.Cluster.ClusterId;
                o.ServiceId = options.Cluster.ServiceId;
            });
        }

        silo.UseAdoNetClustering(o =>
        {
            o.Invariant = PostgresConnections.Invariant;
            o.ConnectionString = connectionString;
        });
        silo.AddAdoNetGrainStorage(AdoNetStorageName, o =>
        {
            o.Invariant = PostgresConnections.Invariant;
            o.ConnectionString = connectionString;

            // A cleared grain leaves no row and no ETag, as in embedded mode.
            o.DeleteStateOnClear = true;
        });

        // The same compact, version-tolerant Orleans binary format as embedded mode (the default JSON
        // serializer does not round-trip the immutable records grains keep).
        silo.Services.AddOptions<AdoNetGrainStorageOptions>(AdoNetStorageName)
            .Configure<Orleans.Serialization.Serializer>((o, serializer) => o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));

        // Grains use HitlStorage.Name: the AdoNet provider with the grain type in every row's key.
        silo.Services.AddGrainStorage(HitlStorage.Name, (sp, _) => new GrainTypeScopedStorage(sp.GetRequiredKeyedService<IGrainStorage>(AdoNetStorageName)));
        silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = PostgresConnections.Invariant;
            o.ConnectionString = connectionString;
        });
        silo.Services.Configure<AgentOptions>(o => o.PresenceTimeout = options.Agents.PresenceTimeout);
        silo.Services.Configure<ConversationLimits>(options.Limits.CopyTo);
        return silo.AddHitlGrainServices().AddHitlLlmBot(options.Llm);
    }

    /// <summary>The services Hitl's grains depend on, whatever the storage.</summary>
    public static ISiloBuilder AddHitlGrainServices(this ISiloBuilder silo)
    {
        silo.Services.TryAddSingleton(TimeProvider.System);

        // Orleans' watchdog can read an unset timestamp at start; this clock makes that harmless (MembershipClock).
        silo.Services.TryAddKeyedSingleton<TimeProvider>(TimeProviderNames.Membership, new MembershipClock());
        silo.AddIncomingGrainCallFilter<StorageFailureFilter>();
        silo.Services.AddOptions<KnowledgeBotOptions>();
        silo.Services.AddOptions<AgentOptions>();
        silo.Services.AddOptions<ConversationLimits>()
            .Validate(o => o.OpenConversationsPerTenant > 0 && o.WaitingItemsPerQueue > 0, "Hitl:Limits:OpenConversationsPerTenant and Hitl:Limits:WaitingItemsPerQueue must be positive.")
            .ValidateOnStart();
        silo.Services.TryAddSingleton<OpenConversationGauge>();
        silo.Services.AddOptions<SemanticOptions>()
            .BindConfiguration(SemanticOptions.Section)
            .Validate(o => o.Retrieval is "hybrid" or "lexical", "Hitl:Bot:Retrieval must be 'hybrid' or 'lexical'.")
            .Validate(o => o.MaxConcurrency > 0 && o.QueryCacheSize >= 0, "Hitl:Bot:MaxConcurrency must be positive and Hitl:Bot:QueryCacheSize not negative.")
            .ValidateOnStart();
        silo.Services.TryAddSingleton<TextEmbedder>();
        silo.Services.TryAddSingleton<MeaningReader>();
        silo.Services.TryAddSingleton<KnowledgeIndexCache>();
        silo.Services.TryAddSingleton<IBot, KnowledgeBot>();
        silo.Services.TryAddSingleton<TenantPolicyCache>();
        silo.Services.TryAddSingleton(EscalationEngine.CreateDefault());
        silo.Services.TryAddSingleton<SentimentScorer>();
        silo.Configure<GrainCollectionOptions>(o => o.CollectionAge = TimeSpan.FromMinutes(15));
        return silo;
    }
}
