using System.Diagnostics;
using Npgsql;

namespace Hitl.Bench;

/// <summary>
/// The bare baseline of the persist scenario: each request is one single-row INSERT in its own
/// autocommit transaction (a pooled Npgsql connection, opened and returned per request) into a
/// scratch table that is created for the run and dropped afterwards. The database's commit rules
/// are the server's own (the same ones the silos' writes pay).
/// </summary>
public sealed class PostgresBaseline(string connectionString, int concurrency) : IAsyncDisposable
{
    private const string Table = "bench_baseline";

    private readonly NpgsqlDataSource _dataSource = new NpgsqlDataSourceBuilder(
        new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = Math.Max(concurrency + 4, 100), ApplicationName = "hitl-bench" }.ConnectionString).Build();

    private long _rows;

    public async Task CreateAsync()
    {
        await ExecuteAsync($"DROP TABLE IF EXISTS {Table}");
        await ExecuteAsync($"CREATE TABLE {Table} (id bigserial PRIMARY KEY, conversation text NOT NULL, body text NOT NULL, at timestamptz NOT NULL DEFAULT now())");
    }

    /// <summary>Inserts <paramref name="count"/> rows with <c>concurrency</c> writers; each INSERT is timed.</summary>
    public async Task<Run> RunAsync(int count, Func<int, (string Conversation, string Body)> row)
    {
        var latencies = new Latencies();
        var next = -1;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var (conversation, body) = row(i);
                var t0 = Stopwatch.GetTimestamp();
                await using (var connection = await _dataSource.OpenConnectionAsync())
                await using (var insert = new NpgsqlCommand($"INSERT INTO {Table} (conversation, body) VALUES ($1, $2)", connection))
                {
                    insert.Parameters.Add(new NpgsqlParameter { Value = conversation });
                    insert.Parameters.Add(new NpgsqlParameter { Value = body });
                    await insert.ExecuteNonQueryAsync();
                }

                var elapsed = Stopwatch.GetElapsedTime(t0);
                Interlocked.Increment(ref _rows);
                lock (latencies)
                {
                    latencies.Add(elapsed);
                }
            }
        })));
        return new Run(latencies, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>Rows in the table against rows this process inserted.</summary>
    public async Task<(long InTable, long Inserted)> CountAsync()
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var count = new NpgsqlCommand($"SELECT count(*) FROM {Table}", connection);
        return ((long)(await count.ExecuteScalarAsync())!, Interlocked.Read(ref _rows));
    }

    public Task DropAsync() => ExecuteAsync($"DROP TABLE IF EXISTS {Table}");

    /// <summary>One scalar from the database (server settings and the like, for the report).</summary>
    public async Task<string> ScalarAsync(string sql)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) ?? "";
    }

    /// <summary>Every stored conversation and transcript page payload of the grain storage table.</summary>
    public async IAsyncEnumerable<byte[]> ConversationPayloadsAsync()
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var select = new NpgsqlCommand(
            "SELECT payload_binary FROM orleans_storage WHERE payload_binary IS NOT NULL AND (grain_type ILIKE '%conversation%' OR grain_type ILIKE '%transcript%')",
            connection);
        await using var reader = await select.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            yield return (byte[])reader[0];
        }
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
