using Hitl.Api.Auth;
using Hitl.Grains.Common;
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
    InviteIssuer invites,
    IOptions<InviteOptions> inviteOptions,
    IHostApplicationLifetime lifetime,
    ILogger<DemoSeeder> logger) : IHostedService
{
    public const string DemoTenant = "demo";
    public const string DemoKeyFile = "demo-api.key";
    public const string DemoAdmin = "admin";

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
        (string Code, DateTimeOffset ExpiresAt)? signIn = null;
        if (options.Value.SeedDemo)
        {
            apiKey = await SeedAsync();
            signIn = await StartupInviteAsync();
        }

        _completed = true;
        lifetime.ApplicationStarted.Register(() => PrintBanner(apiKey.Key, apiKey.Generated, signIn));
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

    /// <summary>
    /// Embedded mode only: a fresh one-time ADMIN link for the demo tenant, so a new user clicks once and is in.
    /// A cluster prints none (an operator creates invites through the API).
    /// </summary>
    private async Task<(string Code, DateTimeOffset ExpiresAt)?> StartupInviteAsync()
    {
        var linkLifetime = inviteOptions.Value.StartupLinkLifetime;
        if (!string.Equals(options.Value.Cluster.Mode, "embedded", StringComparison.OrdinalIgnoreCase) || linkLifetime <= TimeSpan.Zero)
        {
            return null;
        }

        return await invites.IssueCodeAsync(DemoTenant, CallerRole.Admin, DemoAdmin, "Demo admin", linkLifetime);
    }

    private void PrintBanner(string? demoApiKey, bool demoKeyGenerated, (string Code, DateTimeOffset ExpiresAt)? signIn)
    {
        var baseUrl = publicBaseUrl.Value;
        var banner = new System.Text.StringBuilder($"""

            Hitl is running ({options.Value.Cluster.Mode.ToLowerInvariant()} mode).
              Console:       {baseUrl}/
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

        if (signIn is { } invite)
        {
            banner.AppendLine($"  Sign in:       {invites.LinkFor(invite.Code)}");
            banner.AppendLine($"                 (one-time ADMIN link to the console for the demo tenant, valid until {invite.ExpiresAt:HH:mm} UTC; each start prints a new one)");
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
