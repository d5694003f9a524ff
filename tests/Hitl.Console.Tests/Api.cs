using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Hitl.Console.Tests;

/// <summary>GraphQL over HTTP for what a test sets up or checks outside the browser.</summary>
public sealed class Api(HttpClient http, string operatorKey)
{
    public async Task<JsonElement> PostAsync(string query, object? variables = null, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query, variables }) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await http.SendAsync(request);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        Assert.False(body.TryGetProperty("errors", out var errors) && errors.GetArrayLength() > 0, $"{query}: {body}");
        return body.GetProperty("data");
    }

    /// <summary>A new tenant with a few articles; returns its id and an ADMIN token.</summary>
    public async Task<(string Tenant, string AdminToken)> CreateTenantAsync()
    {
        var id = "c" + Guid.NewGuid().ToString("N")[..12];
        var apiKey = (await PostAsync(
            "mutation($i: CreateTenantInput!) { createTenant(input: $i) { apiKey } }",
            new { i = new { id, name = "Shop " + id, operatorKey } })).GetProperty("createTenant").GetProperty("apiKey").GetString()!;
        var admin = (await PostAsync(
            "mutation($i: CreateAccessTokenInput!) { createAccessToken(input: $i) { token } }",
            new { i = new { tenant = id, apiKey, role = "ADMIN", subject = "root" } })).GetProperty("createAccessToken").GetProperty("token").GetString()!;
        foreach (var (articleId, title, body, questions) in new[]
        {
            ("reset-password", "Resetting your password", "Open the sign-in page and choose 'Forgot password'. We email a reset link valid for one hour.", new[] { "How do I reset my password?", "I forgot my password" }),
            ("invoices", "Finding invoices", "Download invoices as PDF under Settings > Billing > Invoices.", new[] { "Where can I download my invoice?" }),
        })
        {
            await PostAsync("mutation($i: ArticleInput!) { upsertArticle(input: $i) { id } }", new { i = new { id = articleId, title, body, questions } }, admin);
        }

        return (id, admin);
    }

    /// <summary>A one-time sign-in link, as an admin makes one.</summary>
    public async Task<string> InviteAsync(string adminToken, string role, string subject, string name) =>
        (await PostAsync(
            "mutation($i: InviteInput!) { createInvite(input: $i) { url } }",
            new { i = new { role, subject, name } },
            adminToken)).GetProperty("createInvite").GetProperty("url").GetString()!;

    public Task GrantAsync(string adminToken, string agentId, params string[] queues) =>
        PostAsync("mutation($a: ID!, $q: [String!]!) { setAgentQueues(agentId: $a, queues: $q) { id } }", new { a = agentId, q = queues }, adminToken);
}
