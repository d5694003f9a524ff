using Npgsql;

namespace Hitl.Silo.Storage.Postgres;

/// <summary>Connection strings as Hitl uses them: pooled, with the configured pool size unless the string sets one.</summary>
public static class PostgresConnections
{
    /// <summary>The provider invariant name the Orleans AdoNet providers know Npgsql by.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>Makes Npgsql known to ADO.NET under <see cref="Invariant"/> (idempotent).</summary>
    public static void RegisterProvider() => System.Data.Common.DbProviderFactories.RegisterFactory(Invariant, NpgsqlFactory.Instance);

    public static string Normalize(string? connectionString, PostgresOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException("Hitl:PostgresConnectionString is required when Hitl:Storage is 'postgres' (e.g. 'Host=127.0.0.1;Port=5432;Database=hitl;Username=hitl;Password=...').");
        }

        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = true };
        if (!connectionString.Contains("Maximum Pool Size", StringComparison.OrdinalIgnoreCase)
            && !connectionString.Contains("MaxPoolSize", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxPoolSize = options.MaxPoolSize;
        }

        return builder.ConnectionString;
    }
}
