using System.Text.Json;
using Hitl.Api.Tests.Infrastructure;
using Hitl.Api.Tests.Live;

namespace Hitl.Api.Tests.Security;

/// <summary>
/// A conversation with something behind every staff-only field: a bot answer (confidence, sources),
/// customer messages (sentiment), an escalation, and an agent's reply (authorId), plus the tokens of
/// the customer, the owning agent and a manager. Helpers for the staff-only tests.
/// </summary>
internal sealed record StaffViewScenario(string Tenant, string ApiKey, string ConversationId, string Customer, string Agent, string Manager)
{
    public static async Task<StaffViewScenario> CreateAsync(GraphQLClient client)
    {
        var tenant = await client.CreateTenantWithArticlesAsync();
        var agent = await client.TokenAsync(tenant.Id, tenant.ApiKey, "AGENT", "ava");
        (await client.PostAsync("mutation { setPresence(input: { presence: AWAY, capacity: 3, queues: [\"support\"] }) { id } }", null, agent)).Ok();
        var (id, customer) = await client.StartConversationAsync(tenant.Id);
        (await client.PostAsync(WidgetView.Send, WidgetView.SendInput(id, "How do I share a folder?", "w1"), customer)).Ok();
        (await client.PostAsync(WidgetView.RequestHuman, new { id }, customer)).Ok();
        (await client.PostAsync("mutation { acceptNext(queue: \"support\") { id } }", null, agent)).Ok();
        (await client.PostAsync(WidgetView.Send, WidgetView.SendInput(id, "Hi, Ava here. Let me look.", "a1"), agent)).Ok();
        return new StaffViewScenario(tenant.Id, tenant.ApiKey, id, customer, agent, tenant.ManagerToken);
    }

    /// <summary>Every error of a GraphQL result (HTTP body or WebSocket payload) with its code.</summary>
    public static IReadOnlyList<string> Codes(JsonElement result) =>
        result.TryGetProperty("errors", out var errors)
            ? [.. errors.EnumerateArray().Select(e => e.GetProperty("extensions").GetProperty("code").GetString()!)]
            : [];

    /// <summary>Asserts that no property named <paramref name="name"/> anywhere in <paramref name="json"/> carries a value.</summary>
    public static void AssertNoValue(JsonElement json, string name)
    {
        switch (json.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in json.EnumerateObject())
                {
                    if (property.Name == name)
                    {
                        Assert.True(property.Value.ValueKind == JsonValueKind.Null, $"'{name}' reached a customer: {json}");
                    }
                    else
                    {
                        AssertNoValue(property.Value, name);
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in json.EnumerateArray())
                {
                    AssertNoValue(item, name);
                }

                break;
        }
    }

    /// <summary>Subscribes and returns the first result of the operation: a <c>next</c> payload, or the errors of an <c>error</c>.</summary>
    public static async Task<JsonElement> FirstResultAsync(WsClient ws, string id, string query, object? variables, Func<JsonElement, bool>? match = null)
    {
        await ws.SubscribeAsync(id, query, variables);
        return await ResultAsync(ws, id, match);
    }

    /// <summary>The next result of operation <paramref name="id"/> whose payload matches.</summary>
    public static async Task<JsonElement> ResultAsync(WsClient ws, string id, Func<JsonElement, bool>? match = null)
    {
        var message = await ws.ReceiveForAsync(id, m => m.GetProperty("type").GetString() != "next" || match is null || match(m.GetProperty("payload")));
        return message.GetProperty("type").GetString() switch
        {
            "error" => JsonDocument.Parse($"{{\"errors\":{message.GetProperty("payload").GetRawText()}}}").RootElement.Clone(),
            "next" => message.GetProperty("payload"),
            var other => throw new Xunit.Sdk.XunitException($"Operation {id} ended ({other}) before a result."),
        };
    }
}

/// <summary>The chat widget's operations, exactly as a widget selects them: nothing staff-only.</summary>
internal static class WidgetView
{
    public const string Start = """
        mutation($i: StartConversationInput!) {
          startConversation(input: $i) { token conversation { id status owner { kind queue } messages { id author authorName text at } csat } }
        }
        """;

    public const string Conversation = """
        query($id: ID!) {
          conversation(id: $id) { id status owner { kind queue since } messages(last: 50) { id author authorName text at } messageCount csat createdAt updatedAt }
        }
        """;

    public const string Send = """
        mutation($i: SendMessageInput!) {
          sendMessage(input: $i) {
            message { id author authorName text at }
            reply { id author authorName text at }
            conversation { id status owner { kind queue } messageCount csat }
          }
        }
        """;

    public const string RequestHuman = "mutation($id: ID!) { requestHuman(conversationId: $id) { id status owner { kind queue } csat } }";

    public const string Resolve = "mutation($id: ID!) { resolve(conversationId: $id) { id status owner { kind } csat } }";

    public const string Rate = "mutation($id: ID!, $score: Int!) { rateConversation(conversationId: $id, score: $score) { id status csat } }";

    public const string Watch = """
        subscription($id: ID!) {
          conversationChanged(id: $id) { conversationId version kind message { id author authorName text at } conversation { id status owner { kind queue } messageCount csat } }
        }
        """;

    public static object SendInput(string conversationId, string text, string clientMessageId) =>
        new { i = new { conversationId, text, clientMessageId } };
}
