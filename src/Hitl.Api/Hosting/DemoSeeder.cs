using Hitl.Api.Auth;
using Hitl.Grains.Knowledge;
using Hitl.Grains.Tenants;
using Hitl.Silo.Hosting;
using Microsoft.Extensions.Options;

namespace Hitl.Api.Hosting;

/// <summary>
/// On first start, creates the <c>demo</c> tenant with a sample knowledge base and keeps its API key
/// in the data directory; on every start, prints the URLs and keys. Runs after the co-hosted silo started.
/// A secret is printed in full only by the start that generated it; later starts print it masked with the file that
/// holds it, and a configured secret is never printed.
/// </summary>
public sealed partial class DemoSeeder(
    IGrainFactory grains,
    IOptions<HitlOptions> options,
    DataDirectory data,
    OperatorKey operatorKey,
    SigningKeyProvider signingKeys,
    PublicBaseUrl publicBaseUrl,
    IHostApplicationLifetime lifetime,
    ILogger<DemoSeeder> logger) : IHostedService
{
    public const string DemoTenant = "demo";
    public const string DemoKeyFile = "demo-api.key";

    private volatile bool _completed;
    private volatile string? _banner;

    public bool Completed => _completed;

    /// <summary>What the start printed, once it did (tests read it instead of the console).</summary>
    public string? Banner => _banner;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Create or load the installation's secrets now, so a bad configured key fails the start, not the first request.
        _ = signingKeys.Key;
        _ = operatorKey.Value;

        (string? Key, bool Generated) apiKey = (null, false);
        if (options.Value.SeedDemo)
        {
            apiKey = await SeedAsync();
        }

        _completed = true;
        lifetime.ApplicationStarted.Register(() => PrintBanner(apiKey.Key, apiKey.Generated));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task<(string? Key, bool Generated)> SeedAsync()
    {
        var tenant = grains.GetGrain<ITenantGrain>(DemoTenant);
        var apiKey = data.ReadSecret(DemoKeyFile);
        var generated = false;
        if (await tenant.GetAsync() is null)
        {
            generated = true;
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

        return (apiKey, generated);
    }

    private void PrintBanner(string? demoApiKey, bool demoKeyGenerated)
    {
        var baseUrl = publicBaseUrl.Value;
        var banner = new System.Text.StringBuilder($"""

            Hitl is running (embedded mode).
              GraphQL:       {baseUrl}/graphql   (POST, or GET for queries)
              Health:        {baseUrl}/health/live  {baseUrl}/health/ready
              Data:          {data.Path}
              Operator key:  {OperatorKeyText()}

            """);
        if (options.Value.SeedDemo)
        {
            var keyText = demoApiKey is null
                ? "(not in the data directory; create a new tenant with the operator key)"
                : demoKeyGenerated
                    ? $"{demoApiKey}   (generated now, shown once; kept in {Path.Combine(data.Path, DemoKeyFile)})"
                    : $"{SecretText.Mask(demoApiKey)}   (in {Path.Combine(data.Path, DemoKeyFile)})";
            banner.AppendLine($"  Demo tenant:   {DemoTenant}");
            banner.AppendLine($"  Demo API key:  {keyText}");
        }

        _banner = banner.ToString();
        Console.WriteLine(_banner);
    }

    private string OperatorKeyText() => operatorKey.Origin switch
    {
        SecretOrigin.Configured => "(configured: Hitl:OperatorKey)",
        SecretOrigin.Generated => $"{operatorKey.Value}   (generated now, shown once; kept in {operatorKey.FilePath})",
        _ => $"{SecretText.Mask(operatorKey.Value)}   (in {operatorKey.FilePath})",
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Created tenant {Tenant} with the sample knowledge base.")]
    private static partial void LogSeededTenant(ILogger logger, string tenant);
}
