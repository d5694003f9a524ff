using Hitl.Api.Auth;
using Hitl.Grains.Knowledge;
using Hitl.Grains.Tenants;
using Hitl.Silo.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Hitl.Api.Hosting;

/// <summary>
/// On first start, creates the <c>demo</c> tenant with a sample knowledge base and keeps its API key
/// in the data directory; on every start, prints the keys and URLs. Runs after the co-hosted silo started.
/// </summary>
public sealed partial class DemoSeeder(
    IGrainFactory grains,
    IOptions<HitlOptions> options,
    DataDirectory data,
    OperatorKey operatorKey,
    SigningKeyProvider signingKeys,
    IServer server,
    IHostApplicationLifetime lifetime,
    ILogger<DemoSeeder> logger) : IHostedService
{
    public const string DemoTenant = "demo";
    private const string DemoKeyFile = "demo-api.key";

    private volatile bool _completed;

    public bool Completed => _completed;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Create or load the installation's secrets now, so a bad configured key fails the start, not the first request.
        _ = signingKeys.Key;
        _ = operatorKey.Value;

        string? apiKey = null;
        if (options.Value.SeedDemo)
        {
            apiKey = await SeedAsync();
        }

        _completed = true;
        lifetime.ApplicationStarted.Register(() => PrintBanner(apiKey));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task<string?> SeedAsync()
    {
        var tenant = grains.GetGrain<ITenantGrain>(DemoTenant);
        var apiKey = data.ReadSecret(DemoKeyFile);
        if (await tenant.GetAsync() is null)
        {
            apiKey = ApiKeys.Generate();
            // Keep the key before the tenant exists, so a crash in between never strands a tenant nobody can use.
            data.WriteSecret(DemoKeyFile, apiKey);
            await tenant.CreateAsync("Demo", ApiKeys.Hash(apiKey));
            LogSeededTenant(logger, DemoTenant);
        }

        var knowledge = grains.GetGrain<IKnowledgeBaseGrain>(DemoTenant);
        if (await knowledge.GetVersionAsync() == 0)
        {
            foreach (var article in DemoArticles.All)
            {
                await knowledge.UpsertArticleAsync(article);
            }
        }

        return apiKey;
    }

    private void PrintBanner(string? demoApiKey)
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var baseUrl = options.Value.PublicBaseUrl ?? addresses.FirstOrDefault() ?? HitlApiExtensions.DefaultUrl;
        baseUrl = baseUrl.TrimEnd('/');
        Console.WriteLine($"""

            Hitl is running (embedded mode).
              GraphQL:       {baseUrl}/graphql   (POST, or GET for queries)
              Health:        {baseUrl}/health/live  {baseUrl}/health/ready
              Data:          {data.Path}
              Operator key:  {operatorKey.Value}
            """);
        if (options.Value.SeedDemo)
        {
            Console.WriteLine($"  Demo tenant:   {DemoTenant}");
            Console.WriteLine($"  Demo API key:  {demoApiKey ?? "(not in the data directory; create a new tenant with the operator key)"}");
        }

        Console.WriteLine();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created tenant {Tenant} with the sample knowledge base.")]
    private static partial void LogSeededTenant(ILogger logger, string tenant);
}
