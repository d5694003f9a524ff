using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Hitl.Bench;

/// <summary>GraphQL over HTTP against a running Hitl.</summary>
public sealed class HitlHttp(Uri baseAddress) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = baseAddress };

    public async Task<JsonElement> PostAsync(string query, object? variables = null, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query, variables }) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await _http.SendAsync(request);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        if (body.TryGetProperty("errors", out var errors))
        {
            throw new InvalidOperationException($"GraphQL error: {errors}");
        }

        return body.GetProperty("data");
    }

    public async Task<(string Tenant, string ApiKey)> CreateTenantAsync(string operatorKey)
    {
        var id = "bench" + Guid.NewGuid().ToString("N")[..10];
        var data = await PostAsync(
            "mutation($i: CreateTenantInput!) { createTenant(input: $i) { apiKey } }",
            new { i = new { id, name = "Benchmark " + id, operatorKey } });
        return (id, data.GetProperty("createTenant").GetProperty("apiKey").GetString()!);
    }

    public async Task<string> TokenAsync(string tenant, string apiKey, string role, string subject)
    {
        var data = await PostAsync(
            "mutation($i: CreateAccessTokenInput!) { createAccessToken(input: $i) { token } }",
            new { i = new { tenant, apiKey, role, subject } });
        return data.GetProperty("createAccessToken").GetProperty("token").GetString()!;
    }

    public void Dispose() => _http.Dispose();
}
