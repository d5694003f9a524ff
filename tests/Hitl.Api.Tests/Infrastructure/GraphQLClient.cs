using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Hitl.Api.Tests.Infrastructure;

/// <summary>Posts GraphQL operations the way a widget or console does, and a few helpers for common setup.</summary>
public sealed class GraphQLClient(HttpClient http)
{
    public HttpClient Http => http;

    public async Task<GraphQLResponse> PostAsync(string query, object? variables = null, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = JsonContent.Create(new { query, variables }),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await SendAsync(request);
    }

    public async Task<GraphQLResponse> SendAsync(HttpRequestMessage request)
    {
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = string.IsNullOrEmpty(text) ? default : JsonDocument.Parse(text).RootElement.Clone();
        return new GraphQLResponse(response.StatusCode, response.Content.Headers.ContentType?.MediaType, body);
    }

    /// <summary>Creates a tenant and returns its id and API key.</summary>
    public async Task<(string Tenant, string ApiKey)> CreateTenantAsync()
    {
        var id = "t" + Guid.NewGuid().ToString("N")[..12];
        var data = (await PostAsync(
            "mutation($i: CreateTenantInput!) { createTenant(input: $i) { id name apiKey } }",
            new { i = new { id, name = "Tenant " + id, operatorKey = HitlApiFactory.OperatorKey } })).Ok();
        return (id, data.GetProperty("createTenant").GetProperty("apiKey").GetString()!);
    }

    public async Task<string> TokenAsync(string tenant, string apiKey, string role, string subject)
    {
        var data = (await PostAsync(
            "mutation($i: CreateAccessTokenInput!) { createAccessToken(input: $i) { token } }",
            new { i = new { tenant, apiKey, role, subject } })).Ok();
        return data.GetProperty("createAccessToken").GetProperty("token").GetString()!;
    }

    /// <summary>A tenant with a manager token and a few articles.</summary>
    public async Task<TestTenant> CreateTenantWithArticlesAsync()
    {
        var (tenant, apiKey) = await CreateTenantAsync();
        var manager = await TokenAsync(tenant, apiKey, "MANAGER", "mia");
        foreach (var (id, title, body, questions) in new[]
        {
            ("reset-password", "Resetting your password", "Open the sign-in page and choose 'Forgot password'. We email a reset link valid for one hour.", new[] { "How do I reset my password?", "I forgot my password" }),
            ("share-folder", "Sharing a folder", "Right-click a folder and choose Share. Invite people by email and pick view or edit.", new[] { "How do I share a folder?" }),
            ("invoices", "Finding invoices", "Download invoices as PDF under Settings > Billing > Invoices.", new[] { "Where can I download my invoice?" }),
        })
        {
            (await PostAsync(
                "mutation($i: ArticleInput!) { upsertArticle(input: $i) { id } }",
                new { i = new { id, title, body, questions } },
                manager)).Ok();
        }

        return new TestTenant(tenant, apiKey, manager);
    }

    public async Task<(string Id, string Token)> StartConversationAsync(string tenant, string? text = null)
    {
        var data = (await PostAsync(
            "mutation($i: StartConversationInput!) { startConversation(input: $i) { token conversation { id status } } }",
            new { i = new { tenant, customerName = "Casey", text } })).Ok();
        var payload = data.GetProperty("startConversation");
        return (payload.GetProperty("conversation").GetProperty("id").GetString()!, payload.GetProperty("token").GetString()!);
    }

    public Task<GraphQLResponse> SendMessageAsync(string conversationId, string text, string clientMessageId, string token) =>
        PostAsync(
            """
            mutation($i: SendMessageInput!) {
              sendMessage(input: $i) {
                message { id author text }
                reply { id author text }
                conversation { id status messageCount owner { kind queue } }
              }
            }
            """,
            new { i = new { conversationId, text, clientMessageId } },
            token);
}
