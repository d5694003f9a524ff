using System.Diagnostics;
using Hitl.Api.Tests.Infrastructure;

namespace Hitl.Api.Tests.Cluster;

/// <summary>
/// A real cluster of processes from <c>deploy/local-cluster.sh</c>: PostgreSQL in a temporary directory,
/// the project's schema, two silos and one API in client mode. Silos can be killed with SIGKILL.
/// </summary>
public sealed class LocalClusterFixture : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "hitl-chaos-" + Guid.NewGuid().ToString("N")[..8]);

    public Uri Url { get; private set; } = null!;

    public string OperatorKey { get; private set; } = null!;

    /// <summary>The cluster's directory (<c>HITL_CLUSTER_DIR</c>): its env file, logs and TLS certificate.</summary>
    public string Directory => _directory;

    /// <summary>A value of the cluster's env file (ports and the like).</summary>
    public string Setting(string name) =>
        File.ReadLines(Path.Combine(_directory, "env")).Select(l => l.Split('=', 2)).Single(p => p[0] == name)[1];

    public async Task InitializeAsync()
    {
        var output = await RunAsync("up", TimeSpan.FromMinutes(6));
        string Line(string name) => output.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith(name + "=", StringComparison.Ordinal))?[(name.Length + 1)..]
            ?? throw new InvalidOperationException($"local-cluster.sh up printed no {name}= line:\n{output}");
        Url = new Uri(Line("URL"));
        OperatorKey = Line("OPERATOR_KEY");
    }

    /// <summary>A new tenant with an id starting with <paramref name="prefix"/>; answers its id and API key.</summary>
    public async Task<(string Tenant, string ApiKey)> CreateTenantAsync(GraphQLClient client, string prefix)
    {
        ArgumentNullException.ThrowIfNull(client);
        var tenant = prefix + Guid.NewGuid().ToString("N")[..8];
        var apiKey = (await client.PostAsync(
            "mutation($i: CreateTenantInput!) { createTenant(input: $i) { apiKey } }",
            new { i = new { id = tenant, name = tenant, operatorKey = OperatorKey } })).Ok().GetProperty("createTenant").GetProperty("apiKey").GetString()!;
        return (tenant, apiKey);
    }

    public Task KillSiloAsync(int silo) => RunAsync($"kill-silo {silo}", TimeSpan.FromSeconds(30));

    public Task StartSiloAsync(int silo) => RunAsync($"start-silo {silo}", TimeSpan.FromSeconds(30));

    public async Task DisposeAsync()
    {
        if (Environment.GetEnvironmentVariable("HITL_KEEP_CLUSTER") is null)
        {
            await RunAsync("down", TimeSpan.FromMinutes(2));
        }
    }

    private async Task<string> RunAsync(string arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("bash", $"{Path.Combine(RepositoryRoot(), "deploy", "local-cluster.sh")} {arguments}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["HITL_CLUSTER_DIR"] = _directory;

        // The cluster tests run silo-to-silo and API-to-gateway traffic over mutual TLS (Hitl:Cluster:Tls).
        start.Environment["HITL_CLUSTER_TLS"] = Environment.GetEnvironmentVariable("HITL_CLUSTER_TLS") ?? "1";

        // The API that the script starts inherits this: every test client calls from one address (as HitlApiFactory does).
        start.Environment["Hitl__RateLimits__Enabled"] = "false";

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"local-cluster.sh {arguments} did not finish within {timeout}: {await output}{await errors}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"local-cluster.sh {arguments} failed ({process.ExitCode}): {await output}{await errors}");
        }

        return await output;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Hitl.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Hitl.sln not found above " + AppContext.BaseDirectory);
    }
}
