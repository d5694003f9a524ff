using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Hitl.Grains.Tests.Postgres;

/// <summary>
/// A real PostgreSQL for tests: the one in <c>HITL_TEST_POSTGRES</c> (a connection string; CI starts
/// its own server and sets it), or else a throwaway server started here from the installed
/// binaries (<c>/usr/lib/postgresql/*/bin</c>) in a temporary directory on 127.0.0.1.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly string? _directory;
    private readonly string? _bin;

    private PostgresServer(string connectionString, string? directory, string? bin)
    {
        ConnectionString = connectionString;
        _directory = directory;
        _bin = bin;
    }

    /// <summary>A superuser connection to the server's <c>postgres</c> database.</summary>
    public string ConnectionString { get; }

    public static async Task<PostgresServer> StartAsync()
    {
        var configured = Environment.GetEnvironmentVariable("HITL_TEST_POSTGRES");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new PostgresServer(configured, null, null);
        }

        return await StartPrivateAsync();
    }

    /// <summary>A server of this test's own, which it may stop and start again.</summary>
    public static async Task<PostgresServer> StartPrivateAsync()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderDescending().FirstOrDefault()
            : null;
        if (bin is null)
        {
            throw new InvalidOperationException("PostgreSQL tests need a server: set HITL_TEST_POSTGRES to a connection string, or install PostgreSQL (apt-get install postgresql) so the tests can start one.");
        }

        var directory = Path.Combine(Path.GetTempPath(), "hitl-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);
        if (IsRoot)
        {
            await RunAsync("chown", ["postgres:postgres", directory], asPostgres: false);
        }

        var data = Path.Combine(directory, "data");
        await RunAsync(Path.Combine(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"], asPostgres: IsRoot);
        var server = new PostgresServer($"Host=127.0.0.1;Port={FreePort()};Username=postgres;Database=postgres;Pooling=true", directory, bin);
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Stops a private server abruptly (as a crash or a lost network would look to clients).</summary>
    public async Task StopAsync()
    {
        var (directory, bin) = Private();
        await RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", Path.Combine(directory, "data"), "-m", "immediate", "-w", "stop"], asPostgres: IsRoot);
    }

    /// <summary>Starts a private server (again) on its port and data directory.</summary>
    public async Task StartAgainAsync()
    {
        var (directory, bin) = Private();
        var port = new NpgsqlConnectionStringBuilder(ConnectionString).Port;
        await RunAsync(
            Path.Combine(bin, "pg_ctl"),
            ["-D", Path.Combine(directory, "data"), "-l", Path.Combine(directory, "server.log"), "-w", "-o", $"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c max_connections=300", "start"],
            asPostgres: IsRoot);
    }

    private (string Directory, string Bin) Private() =>
        _directory is not null && _bin is not null ? (_directory, _bin) : throw new InvalidOperationException("Only a server started by the tests can be stopped and started.");

    /// <summary>Creates an empty database and answers its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "hitl_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_directory is null || _bin is null)
        {
            return;
        }

        try
        {
            await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", Path.Combine(_directory, "data"), "-m", "immediate", "-w", "stop"], asPostgres: IsRoot);
        }
        catch (InvalidOperationException)
        {
            // Already stopped by the test.
        }
        finally
        {
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // Best effort.
            }
        }
    }

    private static bool IsRoot => Environment.UserName == "root";

    /// <summary>A free TCP port on the loopback interface.</summary>
    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string file, IReadOnlyList<string> arguments, bool asPostgres)
    {
        var start = asPostgres ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", file, .. arguments]) : new ProcessStartInfo(file, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.WorkingDirectory = Path.GetTempPath();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} failed ({process.ExitCode}): {await output}{await errors}");
        }
    }
}
