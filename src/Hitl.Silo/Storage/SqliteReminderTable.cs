using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Hitl.Silo.Storage;

/// <summary>
/// Orleans reminders in the same SQLite file as grain state, so an embedded install keeps its
/// reminders across restarts. The ETag is the row's version.
/// </summary>
public sealed class SqliteReminderTable(IOptions<SqliteStorageOptions> options, IOptions<ClusterOptions> cluster) : IReminderTable
{
    private readonly SqliteDatabase _database = new(options.Value);
    private readonly string _serviceId = cluster.Value.ServiceId;

    public Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public async Task<ReminderTableData> ReadRows(GrainId grainId)
    {
        await using var connection = await _database.OpenAsync();
        await using var command = Command(connection, "SELECT grain_id, reminder_name, start_at, period, version FROM reminders WHERE service_id = $s AND grain_id = $g");
        command.Parameters.AddWithValue("$g", grainId.ToString());
        return new ReminderTableData(await ReadAllAsync(command));
    }

    public async Task<ReminderTableData> ReadRows(uint begin, uint end)
    {
        // The ring range (begin, end]; when begin >= end it wraps around zero.
        var sql = begin < end
            ? "SELECT grain_id, reminder_name, start_at, period, version FROM reminders WHERE service_id = $s AND grain_hash > $b AND grain_hash <= $e"
            : "SELECT grain_id, reminder_name, start_at, period, version FROM reminders WHERE service_id = $s AND (grain_hash > $b OR grain_hash <= $e)";
        await using var connection = await _database.OpenAsync();
        await using var command = Command(connection, sql);
        command.Parameters.AddWithValue("$b", (long)begin);
        command.Parameters.AddWithValue("$e", (long)end);
        return new ReminderTableData(await ReadAllAsync(command));
    }

    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName)
    {
        await using var connection = await _database.OpenAsync();
        await using var command = Command(connection, "SELECT grain_id, reminder_name, start_at, period, version FROM reminders WHERE service_id = $s AND grain_id = $g AND reminder_name = $r");
        command.Parameters.AddWithValue("$g", grainId.ToString());
        command.Parameters.AddWithValue("$r", reminderName);
        var rows = await ReadAllAsync(command);
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<string?> UpsertRow(ReminderEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var connection = await _database.OpenAsync();
        await using var command = Command(connection, """
            INSERT INTO reminders (service_id, grain_id, reminder_name, grain_hash, start_at, period, version)
            VALUES ($s, $g, $r, $h, $a, $p, 1)
            ON CONFLICT (service_id, grain_id, reminder_name)
            DO UPDATE SET start_at = excluded.start_at, period = excluded.period, version = reminders.version + 1
            RETURNING version
            """);
        command.Parameters.AddWithValue("$g", entry.GrainId.ToString());
        command.Parameters.AddWithValue("$r", entry.ReminderName);
        command.Parameters.AddWithValue("$h", (long)entry.GrainId.GetUniformHashCode());
        command.Parameters.AddWithValue("$a", entry.StartAt.ToUniversalTime().Ticks);
        command.Parameters.AddWithValue("$p", entry.Period.Ticks);
        var version = (long)(await command.ExecuteScalarAsync())!;
        return version.ToString(CultureInfo.InvariantCulture);
    }

    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag)
    {
        if (!long.TryParse(eTag, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return false;
        }

        await using var connection = await _database.OpenAsync();
        await using var command = Command(connection, "DELETE FROM reminders WHERE service_id = $s AND grain_id = $g AND reminder_name = $r AND version = $v");
        command.Parameters.AddWithValue("$g", grainId.ToString());
        command.Parameters.AddWithValue("$r", reminderName);
        command.Parameters.AddWithValue("$v", version);
        return await command.ExecuteNonQueryAsync() == 1;
    }

    public async Task TestOnlyClearTable()
    {
        await using var connection = await _database.OpenAsync();
        await using var command = Command(connection, "DELETE FROM reminders WHERE service_id = $s");
        await command.ExecuteNonQueryAsync();
    }

    private SqliteCommand Command(SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$s", _serviceId);
        return command;
    }

    private static async Task<List<ReminderEntry>> ReadAllAsync(SqliteCommand command)
    {
        var entries = new List<ReminderEntry>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            entries.Add(new ReminderEntry
            {
                GrainId = GrainId.Parse(reader.GetString(0), CultureInfo.InvariantCulture),
                ReminderName = reader.GetString(1),
                StartAt = new DateTime(reader.GetInt64(2), DateTimeKind.Utc),
                Period = TimeSpan.FromTicks(reader.GetInt64(3)),
                ETag = reader.GetInt64(4).ToString(CultureInfo.InvariantCulture),
            });
        }

        return entries;
    }
}
