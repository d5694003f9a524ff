using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Orleans.Serialization.Buffers.Adaptors;
using Orleans.Storage;

namespace Hitl.Silo.Storage;

/// <summary>
/// Durable grain storage on one SQLite file. One row per (service, grain type, grain key, state
/// name), so two grain types with the same key never share a row. The ETag is the row's 64-bit
/// version: a write or clear with a stale ETag, or a first write when a row exists, throws
/// <see cref="InconsistentStateException"/> and changes nothing.
/// <para>
/// Writes from many grains are grouped: callers enqueue, one writer drains whatever is waiting
/// (up to <see cref="SqliteStorageOptions.MaxBatchSize"/>) into a single transaction, and each
/// caller's task completes only after that transaction committed. The writer has a thread of its
/// own: SQLite commits (and its automatic checkpoints) block while the file is synced, and on a
/// thread-pool thread they would keep requests waiting for a thread on a small machine. A version conflict fails only
/// its own write. Reads use their own pooled connections and do not wait for the writer (WAL).
/// </para>
/// </summary>
public sealed partial class SqliteGrainStorage : IGrainStorage, IAsyncDisposable
{
    private readonly string _name;
    private readonly string _serviceId;
    private readonly SqliteDatabase _database;
    private readonly IGrainStorageSerializer _serializer;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly int _maxBatch;
    private readonly BlockingCollection<PendingWrite> _pending = [];
    private readonly TaskCompletionSource _writerDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _transactions;
    private long _writes;

    public SqliteGrainStorage(string name, string serviceId, SqliteStorageOptions options, IGrainStorageSerializer serializer, TimeProvider time, ILogger<SqliteGrainStorage> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _name = name;
        _serviceId = serviceId;
        _database = new SqliteDatabase(options);
        _serializer = serializer;
        _time = time;
        _logger = logger;
        _maxBatch = options.MaxBatchSize;
        new Thread(WriteLoop) { IsBackground = true, Name = "hitl-sqlite-writer" }.Start();
    }

    /// <summary>Transactions committed so far (a batch of writes is one).</summary>
    public long CommittedTransactions => Interlocked.Read(ref _transactions);

    /// <summary>Writes and clears committed so far, conflicts excluded.</summary>
    public long CommittedWrites => Interlocked.Read(ref _writes);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        await using var connection = await _database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT version, payload FROM grain_state WHERE service_id = $s AND grain_type = $t AND grain_key = $k AND state_name = $n";
        AddKey(command, stateName, grainId);
        await using var reader = await command.ExecuteReaderAsync();
        if (await reader.ReadAsync())
        {
            var version = reader.GetInt64(0);
            var payload = (byte[])reader.GetValue(1);
            grainState.State = _serializer.Deserialize<T>(new BinaryData(payload));
            grainState.ETag = version.ToString(CultureInfo.InvariantCulture);
            grainState.RecordExists = true;
        }
        else
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
        }
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var payload = await SerializeAsync(grainState.State);
        var write = new PendingWrite(grainId, stateName, ParseETag(grainState.ETag), payload);
        var newVersion = await EnqueueAsync(write);
        grainState.ETag = newVersion.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var write = new PendingWrite(grainId, stateName, ParseETag(grainState.ETag), Payload: null);
        await EnqueueAsync(write);
        grainState.ETag = null;
        grainState.RecordExists = false;
        grainState.State = Activator.CreateInstance<T>();
    }

    public async ValueTask DisposeAsync()
    {
        // Idempotent; the collection is left undisposed so a late write fails as "shutting down" (Add throws once adding completed).
        _pending.CompleteAdding();
        await _writerDone.Task;
    }

    /// <summary>
    /// The state's bytes in one array of their exact size. Orleans' serializer writes through a pooled buffer
    /// here; its <see cref="IGrainStorageSerializer.Serialize{T}"/> grows a fresh buffer from 256 bytes by
    /// doubling and then the bytes are copied once more, which for a long conversation's state (10 KB) allocated and
    /// copied four times its size on every write.
    /// </summary>
    private async ValueTask<byte[]> SerializeAsync<T>(T state)
    {
        if (_serializer is not IGrainStorageStreamingSerializer streaming)
        {
            return _serializer.Serialize(state).ToArray();
        }

        var stream = PooledBufferStream.Rent();
        try
        {
            await streaming.SerializeAsync(state, stream);
            return stream.ToArray();
        }
        finally
        {
            PooledBufferStream.Return(stream);
        }
    }

    private async Task<long> EnqueueAsync(PendingWrite write)
    {
        try
        {
            _pending.Add(write);
        }
        catch (InvalidOperationException)
        {
            throw new ObjectDisposedException(nameof(SqliteGrainStorage), "The storage is shutting down.");
        }

        var outcome = await write.Completion.Task;
        if (outcome.Conflict)
        {
            throw new InconsistentStateException(
                $"Version conflict writing {write.StateName} of {write.GrainId} in storage '{_name}'.",
                outcome.StoredVersion?.ToString(CultureInfo.InvariantCulture) ?? "(none)",
                write.ExpectedVersion?.ToString(CultureInfo.InvariantCulture) ?? "(none)");
        }

        return outcome.NewVersion;
    }

    private void WriteLoop()
    {
        var batch = new List<PendingWrite>(_maxBatch);
        SqliteConnection? connection = null;
        try
        {
            while (_pending.TryTake(out var first, Timeout.Infinite))
            {
                batch.Add(first);
                while (batch.Count < _maxBatch && _pending.TryTake(out var write))
                {
                    batch.Add(write);
                }

                try
                {
                    connection ??= _database.OpenWriter();
                    Commit(connection, batch);
                }
                catch (Exception ex)
                {
                    // Nothing of this batch is durable: fail every caller, and start over with a new connection.
                    LogBatchFailed(_logger, ex, batch.Count, _name);
                    foreach (var write in batch)
                    {
                        write.Completion.TrySetException(ex);
                    }

                    connection?.Dispose();
                    connection = null;
                }

                batch.Clear();
            }
        }
        finally
        {
            connection?.Dispose();
            _writerDone.TrySetResult();
        }
    }

    private void Commit(SqliteConnection connection, List<PendingWrite> batch)
    {
        var outcomes = new Outcome[batch.Count];
        var now = _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        using (var transaction = connection.BeginTransaction(deferred: false))
        {
            for (var i = 0; i < batch.Count; i++)
            {
                outcomes[i] = Apply(connection, transaction, batch[i], now);
            }

            transaction.Commit();
        }

        Interlocked.Increment(ref _transactions);
        for (var i = 0; i < batch.Count; i++)
        {
            if (!outcomes[i].Conflict)
            {
                Interlocked.Increment(ref _writes);
            }

            batch[i].Completion.TrySetResult(outcomes[i]);
        }
    }

    private Outcome Apply(SqliteConnection connection, SqliteTransaction transaction, PendingWrite write, string now)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        AddKey(command, write.StateName, write.GrainId);
        var expected = write.ExpectedVersion;
        if (write.Payload is null)
        {
            // Clear: deleting a row that is not there is fine only when the caller expected none.
            command.CommandText = "DELETE FROM grain_state WHERE service_id = $s AND grain_type = $t AND grain_key = $k AND state_name = $n AND version = $v";
            command.Parameters.AddWithValue("$v", expected ?? -1);
            if (command.ExecuteNonQuery() == 1)
            {
                return new Outcome(false, 0, null);
            }

            var stored = StoredVersion(connection, transaction, write);
            return stored is null && expected is null ? new Outcome(false, 0, null) : new Outcome(true, 0, stored);
        }

        command.Parameters.AddWithValue("$p", write.Payload);
        command.Parameters.AddWithValue("$m", now);
        if (expected is null)
        {
            command.CommandText = """
                INSERT INTO grain_state (service_id, grain_type, grain_key, state_name, version, payload, modified_at)
                VALUES ($s, $t, $k, $n, 1, $p, $m)
                ON CONFLICT DO NOTHING
                """;
            return command.ExecuteNonQuery() == 1
                ? new Outcome(false, 1, null)
                : new Outcome(true, 0, StoredVersion(connection, transaction, write));
        }

        command.CommandText = """
            UPDATE grain_state SET version = version + 1, payload = $p, modified_at = $m
            WHERE service_id = $s AND grain_type = $t AND grain_key = $k AND state_name = $n AND version = $v
            """;
        command.Parameters.AddWithValue("$v", expected.Value);
        return command.ExecuteNonQuery() == 1
            ? new Outcome(false, expected.Value + 1, null)
            : new Outcome(true, 0, StoredVersion(connection, transaction, write));
    }

    private long? StoredVersion(SqliteConnection connection, SqliteTransaction transaction, PendingWrite write)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT version FROM grain_state WHERE service_id = $s AND grain_type = $t AND grain_key = $k AND state_name = $n";
        AddKey(command, write.StateName, write.GrainId);
        return command.ExecuteScalar() is long version ? version : null;
    }

    private void AddKey(SqliteCommand command, string stateName, GrainId grainId)
    {
        command.Parameters.AddWithValue("$s", _serviceId);
        command.Parameters.AddWithValue("$t", grainId.Type.ToString());
        command.Parameters.AddWithValue("$k", grainId.Key.ToString());
        command.Parameters.AddWithValue("$n", stateName);
    }

    private static long? ParseETag(string? etag) =>
        etag is null ? null
        : long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version
        : throw new InconsistentStateException($"'{etag}' is not an ETag of this storage.");

    [LoggerMessage(Level = LogLevel.Error, Message = "A batch of {Count} writes to grain storage {Storage} failed; none of them is stored.")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, int count, string storage);

    private readonly record struct Outcome(bool Conflict, long NewVersion, long? StoredVersion);

    private sealed record PendingWrite(GrainId GrainId, string StateName, long? ExpectedVersion, byte[]? Payload)
    {
        public TaskCompletionSource<Outcome> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
