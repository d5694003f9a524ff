using Hitl.Silo.Storage;
using Microsoft.Data.Sqlite;

namespace Hitl.Grains.Tests.Storage;

public sealed class SqliteDatabaseTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "hitl-sqlite-" + Guid.NewGuid().ToString("N"));

    private SqliteStorageOptions Options(int writerCacheMiB = 64, int mmapMiB = 256) => new()
    {
        DatabasePath = Path.Combine(_directory, "hitl.db"),
        WriterCacheMiB = writerCacheMiB,
        MmapMiB = mmapMiB,
    };

    [Fact]
    public void EveryConnection_IsDurableAndMapsTheFile_AndOnlyTheWriterHasTheLargeCache()
    {
        var database = new SqliteDatabase(Options(writerCacheMiB: 48, mmapMiB: 128));

        using var reader = database.Open();
        using var writer = database.OpenWriter();

        foreach (var connection in new[] { reader, writer })
        {
            Assert.Equal("wal", Pragma(connection, "journal_mode"));
            Assert.Equal(2L, Pragma(connection, "synchronous")); // FULL
            Assert.Equal(128L * 1024 * 1024, Pragma(connection, "mmap_size"));
        }

        Assert.Equal(-48L * 1024, Pragma(writer, "cache_size"));
        Assert.Equal(-2000L, Pragma(reader, "cache_size")); // SQLite's default
    }

    [Fact]
    public void ZeroMeansOff_AndNegativeSizesAreRefused()
    {
        var database = new SqliteDatabase(Options(writerCacheMiB: 0, mmapMiB: 0));
        using var writer = database.OpenWriter();
        Assert.Equal(0L, Pragma(writer, "mmap_size"));
        Assert.Equal(-2000L, Pragma(writer, "cache_size"));

        Assert.Throws<InvalidOperationException>(() => new SqliteDatabase(Options(writerCacheMiB: -1)));
        Assert.Throws<InvalidOperationException>(() => new SqliteDatabase(Options(mmapMiB: -1)));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static object? Pragma(SqliteConnection connection, string name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {name};";
        return command.ExecuteScalar();
    }
}
