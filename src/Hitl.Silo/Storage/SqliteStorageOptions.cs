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

    /// <summary>
    /// Page cache of the connection that writes grain state, in MiB (default 64). SQLite's own
    /// default is 2 MiB: every write then re-reads the B-tree and overflow pages it touches.
    /// </summary>
    public int WriterCacheMiB { get; set; } = 64;

    /// <summary>
    /// Memory-mapped reads of the database file, in MiB per connection (default 0: off). Pages then
    /// come from the OS cache without a read call each; writes are unchanged. Off by default: the
    /// file grows with every write, a reading connection maps it again when it has grown, and the
    /// unmapping and first touches of fresh mappings cost more than the read calls they save
    /// (bench/README.md has the figures).
    /// </summary>
    public int MmapMiB { get; set; }

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

        if (WriterCacheMiB < 0 || MmapMiB < 0)
        {
            throw new InvalidOperationException("SqliteStorageOptions.WriterCacheMiB and MmapMiB must not be negative.");
        }
    }
}
