namespace Hitl.Silo.Hosting;

/// <summary>The <c>Hitl</c> configuration section (environment variables use <c>Hitl__Key</c>).</summary>
public sealed class HitlOptions
{
    public const string Section = "Hitl";

    /// <summary>Where embedded mode keeps its SQLite database and generated secrets. Default: <c>data</c> under the working directory.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>The installation's operator key (creates tenants). Generated and kept in the data directory when unset.</summary>
    public string? OperatorKey { get; set; }

    /// <summary><c>sqlite</c> (default) or <c>postgres</c>.</summary>
    public string Storage { get; set; } = "sqlite";

    /// <summary>Npgsql connection string for <c>Storage=postgres</c>.</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>The public base URL printed at start and used in links; defaults to the first listen address.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Seed the <c>demo</c> tenant with sample articles on first start (default true).</summary>
    public bool SeedDemo { get; set; } = true;

    public HitlClusterOptions Cluster { get; set; } = new();

    /// <summary>PostgreSQL in cluster mode (<c>Hitl:Postgres</c>).</summary>
    public Storage.Postgres.PostgresOptions Postgres { get; set; } = new();

    /// <summary>Embedded SQLite tuning (<c>Hitl:Sqlite:WriterCacheMiB</c>, <c>Hitl:Sqlite:MmapMiB</c>); the path comes from the data directory.</summary>
    public Storage.SqliteStorageOptions Sqlite { get; set; } = new();

    /// <summary>True when grains are stored in PostgreSQL (<c>Hitl:Storage=postgres</c>).</summary>
    public bool UsesPostgres => string.Equals(Storage, "postgres", StringComparison.OrdinalIgnoreCase);

    /// <summary>Agent presence (<c>Hitl:Agents</c>).</summary>
    public Hitl.Grains.Agents.AgentOptions Agents { get; set; } = new();

    /// <summary>The optional LLM bot (<c>Hitl:Llm</c>); the knowledge bot answers when it is not configured.</summary>
    public Hitl.Grains.Knowledge.LlmBotOptions Llm { get; set; } = new();

    /// <summary>Per-tenant limits on conversations and queues (<c>Hitl:Limits</c>): open conversations, waiting items, idle time to live, the requestHuman cooldown.</summary>
    public Hitl.Grains.Conversations.ConversationLimits Limits { get; set; } = new();

    /// <summary>The data directory as an absolute path.</summary>
    public string ResolveDataDirectory() =>
        Path.GetFullPath(string.IsNullOrWhiteSpace(DataDirectory)
            ? Path.Combine(Directory.GetCurrentDirectory(), "data")
            : DataDirectory);
}
