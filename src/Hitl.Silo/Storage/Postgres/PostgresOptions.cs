namespace Hitl.Silo.Storage.Postgres;

/// <summary>PostgreSQL in cluster mode (configuration section <c>Hitl:Postgres</c>; the connection string is <c>Hitl:PostgresConnectionString</c>).</summary>
public sealed class PostgresOptions
{
    public const string Section = "Hitl:Postgres";

    /// <summary>How long a starting process waits for the database (retrying) before it gives up with a non-zero exit.</summary>
    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Apply the schema (<c>deploy/postgres</c>) when a silo starts; <c>hitl migrate</c> does the same on demand.</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>
    /// Npgsql's pool size per process when the connection string does not set <c>Maximum Pool Size</c>.
    /// A silo keeps at most this many connections; size the server's <c>max_connections</c> for
    /// (silos + API processes) × this, plus headroom.
    /// </summary>
    public int MaxPoolSize { get; set; } = 40;

    /// <summary>
    /// Npgsql's <c>Max Auto Prepare</c> when the connection string does not set it: how many statements each
    /// connection keeps prepared on the server (0 turns automatic preparation off).
    /// </summary>
    public int MaxAutoPrepare { get; set; } = 32;
}
