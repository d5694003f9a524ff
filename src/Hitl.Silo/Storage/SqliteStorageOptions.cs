namespace Hitl.Silo.Storage;

/// <summary>Options of the SQLite grain storage and reminder table.</summary>
public sealed class SqliteStorageOptions
{
    /// <summary>Path of the database file; created with its folder when missing.</summary>
    public string DatabasePath { get; set; } = "";

    /// <summary>How long a connection waits for a lock held by another connection (default 10 s).</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Most writes committed in one transaction (default 512).</summary>
    public int MaxBatchSize { get; set; } = 512;

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(DatabasePath))
        {
            throw new InvalidOperationException("SqliteStorageOptions.DatabasePath is required.");
        }

        if (MaxBatchSize < 1)
        {
            throw new InvalidOperationException("SqliteStorageOptions.MaxBatchSize must be at least 1.");
        }
    }
}
