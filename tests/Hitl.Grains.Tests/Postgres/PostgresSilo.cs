using Hitl.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hitl.Grains.Tests.Postgres;

/// <summary>A real silo process in miniature: the production cluster-mode wiring (<c>AddHitlPostgresSilo</c>) in a generic host.</summary>
public sealed class PostgresSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private PostgresSilo(IHost host) => _host = host;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public static async Task<PostgresSilo> StartAsync(string connectionString, string serviceId, Action<HitlOptions>? configure = null)
    {
        var options = new HitlOptions
        {
            Storage = "postgres",
            PostgresConnectionString = connectionString,
        };
        options.Cluster.Mode = "silo";
        options.Cluster.ClusterId = serviceId;
        options.Cluster.ServiceId = serviceId;
        options.Cluster.SiloPort = PostgresServer.FreePort();
        options.Cluster.GatewayPort = PostgresServer.FreePort();
        configure?.Invoke(options);

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleans(silo => silo.AddHitlPostgresSilo(options));
        var host = builder.Build();
        await host.StartAsync();
        return new PostgresSilo(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

}
