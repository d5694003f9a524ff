using Microsoft.Extensions.Logging;
using Npgsql;

namespace Hitl.Silo.Storage.Postgres;

/// <summary>
/// Applies the project's PostgreSQL schema (<c>deploy/postgres/NNN_*.sql</c>, embedded in this
/// assembly) in order. Each file runs in its own transaction under an advisory lock, so silos
/// starting together apply it once; a file's version is recorded in <c>hitl_schema_version</c>
/// and skipped afterwards. An unreachable database is retried until the startup timeout.
/// </summary>
public sealed partial class PostgresMigrator(string connectionString, PostgresOptions options, ILogger logger, TimeProvider? time = null)
{
    private const long LockKey = 0x4869746c; // "Hitl"

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>The embedded scripts as (version, name, text), in order.</summary>
    public static IReadOnlyList<(int Version, string Name, string Sql)> Scripts()
    {
        var assembly = typeof(PostgresMigrator).Assembly;
        return [.. assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("hitl.postgres.", StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var name = n["hitl.postgres.".Length..];
                var version = int.Parse(name[..name.IndexOf('_', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream);
                return (version, name, reader.ReadToEnd());
            })
            .OrderBy(s => s.version)];
    }

    /// <summary>Applies what is missing; answers the versions applied now (empty when up to date).</summary>
    public async Task<IReadOnlyList<int>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenWithRetryAsync(cancellationToken);
        var applied = new List<int>();
        foreach (var (version, name, sql) in Scripts())
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({LockKey});", cancellationToken);
            await ExecuteAsync(connection, transaction, "CREATE TABLE IF NOT EXISTS hitl_schema_version (version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());", cancellationToken);
            await using (var check = new NpgsqlCommand("SELECT count(*) FROM hitl_schema_version WHERE version = @v", connection, transaction))
            {
                check.Parameters.AddWithValue("v", version);
                if ((long)(await check.ExecuteScalarAsync(cancellationToken))! > 0)
                {
                    await transaction.CommitAsync(cancellationToken);
                    continue;
                }
            }

            await ExecuteAsync(connection, transaction, sql, cancellationToken);
            await using (var record = new NpgsqlCommand("INSERT INTO hitl_schema_version (version, name) VALUES (@v, @n)", connection, transaction))
            {
                record.Parameters.AddWithValue("v", version);
                record.Parameters.AddWithValue("n", name);
                await record.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            LogApplied(logger, version, name);
            applied.Add(version);
        }

        return applied;
    }

    /// <summary>Opens a connection, retrying while the database is unreachable, for at most <see cref="PostgresOptions.StartupTimeout"/>.</summary>
    public async Task<NpgsqlConnection> OpenWithRetryAsync(CancellationToken cancellationToken = default)
    {
        var deadline = _time.GetUtcNow() + options.StartupTimeout;
        var delay = TimeSpan.FromMilliseconds(250);
        for (var attempt = 1; ; attempt++)
        {
            var connection = new NpgsqlConnection(connectionString);
            try
            {
                await connection.OpenAsync(cancellationToken);
                return connection;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
            {
                await connection.DisposeAsync();
                if (_time.GetUtcNow() + delay > deadline)
                {
                    throw new InvalidOperationException(
                        $"PostgreSQL is unreachable ({Describe(connectionString)}) after {attempt} attempts over {options.StartupTimeout}: {ex.Message}", ex);
                }

                LogUnreachable(logger, Describe(connectionString), attempt, delay, ex.Message);
                await Task.Delay(delay, _time, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }

    private static string Describe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"{builder.Host}:{builder.Port}/{builder.Database}";
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied PostgreSQL schema {Version} ({Name}).")]
    private static partial void LogApplied(ILogger logger, int version, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PostgreSQL at {Database} is unreachable (attempt {Attempt}); retrying in {Delay}: {Reason}")]
    private static partial void LogUnreachable(ILogger logger, string database, int attempt, TimeSpan delay, string reason);
}
