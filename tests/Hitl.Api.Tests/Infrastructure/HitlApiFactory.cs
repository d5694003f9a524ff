using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Hitl.Api.Tests.Infrastructure;

/// <summary>
/// The whole embedded app (API + co-hosted silo + SQLite) on a temporary data directory, with free
/// Orleans ports so several factories can run side by side.
/// </summary>
public sealed class HitlApiFactory : WebApplicationFactory<Program>
{
    public const string OperatorKey = "test-operator-key-that-is-long-enough-32";
    public const string SigningKey = "test-signing-key-that-is-long-enough-for-hs256!";

    public HitlApiFactory(string? dataDirectory = null, bool configureSecrets = true, IReadOnlyDictionary<string, string>? settings = null)
    {
        DataDirectory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "hitl-api-" + Guid.NewGuid().ToString("N"));
        _configureSecrets = configureSecrets;
        _settings = settings ?? new Dictionary<string, string>();
    }

    private readonly bool _configureSecrets;
    private readonly IReadOnlyDictionary<string, string> _settings;

    public string DataDirectory { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Hitl:DataDirectory", DataDirectory);
        if (_configureSecrets)
        {
            builder.UseSetting("Hitl:OperatorKey", OperatorKey);
            builder.UseSetting("Hitl:Jwt:SigningKey", SigningKey);
        }
        builder.UseSetting("Hitl:Cluster:SiloPort", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Hitl:Cluster:GatewayPort", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));

        // Every test client calls from one address; the Security tests turn the limits on themselves.
        builder.UseSetting("Hitl:RateLimits:Enabled", "false");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>Deletes the data directory (call after disposing).</summary>
    public void DeleteData()
    {
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
