using Microsoft.Data.Sqlite;

namespace Hitl.Bench;

/// <summary>
/// The bare durable write of embedded mode's storage: one single-row INSERT per request in its own
/// transaction, on a SQLite file with the settings Hitl's storage uses (WAL, synchronous=FULL), in a
/// scratch database next to nothing else.
/// </summary>
public sealed class SqliteBaseline : IDisposable
{
    private readonly string _directory;
    private readonly string _connectionString;

    public SqliteBaseline(string? parent)
    {
        _directory = Path.Combine(parent ?? Path.GetTempPath(), "hitl-bench-sqlite-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_directory);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(_directory, "baseline.db"), Pooling = true, DefaultTimeout = 60 }.ToString();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL; CREATE TABLE baseline(id INTEGER PRIMARY KEY, conversation TEXT NOT NULL, body TEXT NOT NULL, at TEXT NOT NULL)";
        command.ExecuteNonQuery();
    }

    public Task<Run> RunAsync(int count, int concurrency, Func<int, (string Conversation, string Body)> row) =>
        Load.RequestsAsync(count, concurrency, async i =>
        {
            var (conversation, body) = row(i);
            await using var connection = Open();
            await using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO baseline(conversation, body, at) VALUES ($c, $b, $t)";
            command.Parameters.AddWithValue("$c", conversation);
            command.Parameters.AddWithValue("$b", body);
            command.Parameters.AddWithValue("$t", DateTimeOffset.UtcNow.ToString("O"));
            await command.ExecuteNonQueryAsync();
        });

    public long Count()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM baseline";
        return (long)command.ExecuteScalar()!;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA synchronous=FULL";
        pragma.ExecuteNonQuery();
        return connection;
    }
}
