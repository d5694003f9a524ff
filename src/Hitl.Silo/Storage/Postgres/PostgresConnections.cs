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

        // The providers send the same few statements all day: let Npgsql prepare them on the server
        // (parsed and planned once per connection, not on every write) ...
        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase)
            && !connectionString.Contains("AutoPrepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = options.MaxAutoPrepare;
        }

        // ... and skip the DISCARD ALL that resets a pooled connection on every open: the providers
        // set no session state, and the reset would also drop the prepared statements.
        if (!connectionString.Contains("Reset On Close", StringComparison.OrdinalIgnoreCase)
            && !connectionString.Contains("ResetOnClose", StringComparison.OrdinalIgnoreCase))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }
}
