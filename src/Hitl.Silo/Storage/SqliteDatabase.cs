using Microsoft.Data.Sqlite;

namespace Hitl.Silo.Storage;

/// <summary>Opens connections to one SQLite file and creates the schema once.</summary>
internal sealed class SqliteDatabase
{
    private readonly string _connectionString;
    private readonly int _busyTimeoutMs;
    private readonly Lazy<bool> _schema;
    private readonly long _mmapBytes;
    private readonly int _writerCacheKiB;

    public SqliteDatabase(SqliteStorageOptions options)
    {
        options.Validate();
        var path = Path.GetFullPath(options.DatabasePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
        }.ToString();
        _busyTimeoutMs = (int)options.BusyTimeout.TotalMilliseconds;
        _schema = new Lazy<bool>(CreateSchema);
        _mmapBytes = options.MmapMiB * 1024L * 1024L;
        _writerCacheKiB = options.WriterCacheMiB * 1024;
    }

    /// <summary>An open connection in WAL mode with <c>synchronous=FULL</c>: a committed write survives a process or OS crash.</summary>
    /// <remarks>Microsoft.Data.Sqlite does its work synchronously whatever the method called, so this opens in place.</remarks>
    public Task<SqliteConnection> OpenAsync() => Task.FromResult(Open());

    /// <inheritdoc cref="OpenAsync"/>
    public SqliteConnection Open()
    {
        _ = _schema.Value;
        return OpenRaw();
    }

    /// <summary>The connection the grouped writer keeps: <see cref="Open"/> with a larger page cache.</summary>
    public SqliteConnection OpenWriter()
    {
        var connection = Open();
        if (_writerCacheKiB > 0)
        {
            Execute(connection, $"PRAGMA cache_size=-{_writerCacheKiB};");
        }

        return connection;
    }

    private SqliteConnection OpenRaw()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Execute(connection, $"PRAGMA busy_timeout={_busyTimeoutMs}; PRAGMA synchronous=FULL; PRAGMA foreign_keys=OFF; PRAGMA mmap_size={_mmapBytes};");
        return connection;
    }

    private bool CreateSchema()
    {
        CreatePrivateFiles();
        using var connection = OpenRaw();
        Execute(connection, "PRAGMA journal_mode=WAL;");
        Execute(connection, """
            CREATE TABLE IF NOT EXISTS grain_state (
                service_id  TEXT    NOT NULL,
                grain_type  TEXT    NOT NULL,
                grain_key   TEXT    NOT NULL,
                state_name  TEXT    NOT NULL,
                version     INTEGER NOT NULL,
                payload     BLOB    NOT NULL,
                modified_at TEXT    NOT NULL,
                PRIMARY KEY (service_id, grain_type, grain_key, state_name)
            ) WITHOUT ROWID;

            CREATE TABLE IF NOT EXISTS reminders (
                service_id    TEXT    NOT NULL,
                grain_id      TEXT    NOT NULL,
                reminder_name TEXT    NOT NULL,
                grain_hash    INTEGER NOT NULL,
                start_at      INTEGER NOT NULL,
                period        INTEGER NOT NULL,
                version       INTEGER NOT NULL,
                PRIMARY KEY (service_id, grain_id, reminder_name)
            ) WITHOUT ROWID;

            CREATE INDEX IF NOT EXISTS reminders_by_hash ON reminders (service_id, grain_hash);
            """);
        return true;
    }

    /// <summary>
    /// The database holds every tenant's conversations: 0600 on Unix. SQLite gives its -wal and -shm files the database
    /// file's mode, so the database file is created empty (a valid empty database) with that mode before SQLite opens it,
    /// and an existing one, with its -wal and -shm files, is set to it.
    /// </summary>
    private void CreatePrivateFiles()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var path = new SqliteConnectionStringBuilder(_connectionString).DataSource;
        if (!File.Exists(path))
        {
            new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.OpenOrCreate,
                Access = FileAccess.Write,
                UnixCreateMode = Hosting.DataDirectory.FileMode,
            }).Dispose();
        }

        foreach (var file in new[] { path, path + "-wal", path + "-shm", path + "-journal" })
        {
            Hosting.DataDirectory.MakePrivateFile(file);
        }
    }

    public static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }
}
