using Hitl.Grains.Tenants;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Hitl.Api.Hosting;

/// <summary>Ready when the seed finished and a grain call round-trips through storage.</summary>
public sealed class ReadinessCheck(IGrainFactory grains, DemoSeeder seeder) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!seeder.Completed)
        {
            return HealthCheckResult.Unhealthy("Starting: the demo tenant is not seeded yet.");
        }

        try
        {
            await grains.GetGrain<ITenantGrain>(DemoSeeder.DemoTenant).GetAsync().WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("Grains do not answer.", ex);
        }
    }
}
