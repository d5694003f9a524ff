using System.Text.Json;
using Hitl.Api.Tests.Live;

namespace Hitl.Api.Tests.Security;

/// <summary>
/// conversationChanged follows the caller's right to see the conversation: once an agent loses it
/// (someone else claimed it, it was transferred to a queue the agent does not serve), the
/// subscription answers FORBIDDEN once and completes, and no later event reaches the agent.
/// </summary>
[Collection(LiveCollection.Name)]
public sealed class ConversationWatchAccessTests(LiveFixture live)
{
    private const string Watch = "subscription($id: ID!) { conversationChanged(id: $id) { kind message { text } conversation { id status owner { kind queue agentId } } } }";

    private LiveServer Server => live.Server;

    [Fact]
    public async Task A_watcher_whose_claimable_conversation_another_agent_claims_gets_forbidden_and_no_later_event()
    {
        var (tenant, _, ava, ben) = await TenantAsync();
        var (id, customer) = await Server.Client.StartConversationAsync(tenant);
        (await Server.Client.PostAsync(WidgetView.RequestHuman, new { id }, customer)).Ok();
        await using var avaSocket = await WsClient.ReadyAsync(Server.WebSocketUri, ava);
        await using var benSocket = await WsClient.ReadyAsync(Server.WebSocketUri, ben);
        Assert.Empty(StaffViewScenario.Codes(await StaffViewScenario.FirstResultAsync(avaSocket, "c", Watch, new { id })));
        Assert.Empty(StaffViewScenario.Codes(await StaffViewScenario.FirstResultAsync(benSocket, "c", Watch, new { id })));

        (await Server.Client.PostAsync("mutation { acceptNext(queue: \"support\") { id } }", null, ben)).Ok();

        await AssertEndsForbiddenAsync(avaSocket, id);
        var assigned = await StaffViewScenario.ResultAsync(benSocket, "c", p => Kind(p) == "ASSIGNED");
        Assert.Empty(StaffViewScenario.Codes(assigned));

        (await Server.Client.PostAsync(WidgetView.Send, WidgetView.SendInput(id, "The kiwi-orchard-71 folder, please", "m2"), customer)).Ok();
        var message = await StaffViewScenario.ResultAsync(benSocket, "c", p => Kind(p) == "MESSAGE");
        Assert.Equal("The kiwi-orchard-71 folder, please", message.GetProperty("data").GetProperty("conversationChanged").GetProperty("message").GetProperty("text").GetString());
        await AssertNothingMoreAsync(avaSocket, id, "kiwi-orchard-71");
    }

    [Fact]
    public async Task The_owner_watching_a_conversation_transferred_to_a_queue_it_does_not_serve_gets_forbidden_while_the_customer_keeps_watching()
    {
        var (tenant, manager, ava, _) = await TenantAsync();
        var (id, customer) = await Server.Client.StartConversationAsync(tenant);
        (await Server.Client.PostAsync(WidgetView.RequestHuman, new { id }, customer)).Ok();
        (await Server.Client.PostAsync("mutation { acceptNext(queue: \"support\") { id } }", null, ava)).Ok();
        await using var avaSocket = await WsClient.ReadyAsync(Server.WebSocketUri, ava);
        await using var widget = await WsClient.ReadyAsync(Server.WebSocketUri, customer);
        Assert.Empty(StaffViewScenario.Codes(await StaffViewScenario.FirstResultAsync(avaSocket, "c", Watch, new { id })));
        Assert.Empty(StaffViewScenario.Codes(await StaffViewScenario.FirstResultAsync(widget, "w", WidgetView.Watch, new { id })));

        (await Server.Client.PostAsync("mutation($i: TransferInput!) { transfer(input: $i) { status } }", new { i = new { conversationId = id, queue = "billing" } }, manager)).Ok();

        await AssertEndsForbiddenAsync(avaSocket, id);
        var transferred = await StaffViewScenario.ResultAsync(widget, "w", p => Kind(p) == "TRANSFERRED");
        Assert.Empty(StaffViewScenario.Codes(transferred));
        (await Server.Client.PostAsync(WidgetView.Send, WidgetView.SendInput(id, "Hello billing, kiwi-orchard-72 here", "m2"), customer)).Ok();
        Assert.Empty(StaffViewScenario.Codes(await StaffViewScenario.ResultAsync(widget, "w", p => Kind(p) == "MESSAGE")));
        await AssertNothingMoreAsync(avaSocket, id, "kiwi-orchard-72");
    }

    [Fact]
    public async Task A_transfer_to_a_queue_the_watcher_serves_keeps_the_subscription()
    {
        var (tenant, manager, ava, _) = await TenantAsync();
        var (id, customer) = await Server.Client.StartConversationAsync(tenant);
        (await Server.Client.PostAsync(WidgetView.RequestHuman, new { id }, customer)).Ok();
        (await Server.Client.PostAsync("mutation { acceptNext(queue: \"support\") { id } }", null, ava)).Ok();
        await using var avaSocket = await WsClient.ReadyAsync(Server.WebSocketUri, ava);
        Assert.Empty(StaffViewScenario.Codes(await StaffViewScenario.FirstResultAsync(avaSocket, "c", Watch, new { id })));

        // Back to the support queue: Ava could claim it again, so she keeps watching.
        (await Server.Client.PostAsync("mutation($i: TransferInput!) { transfer(input: $i) { status } }", new { i = new { conversationId = id, queue = "support" } }, manager)).Ok();
        var transferred = await StaffViewScenario.ResultAsync(avaSocket, "c", p => StaffViewScenario.Codes(p).Count > 0 || Kind(p) == "TRANSFERRED");
        Assert.Empty(StaffViewScenario.Codes(transferred));
        (await Server.Client.PostAsync(WidgetView.Send, WidgetView.SendInput(id, "Still here", "m2"), customer)).Ok();
        Assert.Empty(StaffViewScenario.Codes(await StaffViewScenario.ResultAsync(avaSocket, "c", p => StaffViewScenario.Codes(p).Count > 0 || Kind(p) == "MESSAGE")));
    }

    /// <summary>The subscription's next result is FORBIDDEN without data, and then it completes.</summary>
    private static async Task AssertEndsForbiddenAsync(WsClient ws, string conversationId)
    {
        var refused = await StaffViewScenario.ResultAsync(ws, "c", p => StaffViewScenario.Codes(p).Count > 0);
        Assert.Contains("FORBIDDEN", StaffViewScenario.Codes(refused));
        Assert.True(!refused.TryGetProperty("data", out var data) || data.ValueKind == JsonValueKind.Null, $"A refusal carries no data: {refused}");
        Assert.DoesNotContain(conversationId, refused.GetRawText(), StringComparison.Ordinal);
        var end = await ws.ReceiveForAsync("c", m => m.GetProperty("type").GetString() != "next");
        Assert.Equal("complete", end.GetProperty("type").GetString());
    }

    /// <summary>
    /// The socket stays open and answers a later operation, and nothing for the ended subscription
    /// (nor the marker text) arrived before that answer; watching again is refused.
    /// </summary>
    private static async Task AssertNothingMoreAsync(WsClient ws, string conversationId, string marker)
    {
        await ws.SubscribeAsync("again", Watch, new { id = conversationId });
        while (true)
        {
            var message = await ws.ReceiveAsync() ?? throw new Xunit.Sdk.XunitException("The socket closed.");
            Assert.DoesNotContain(marker, message.GetRawText(), StringComparison.Ordinal);
            Assert.NotEqual("c", message.GetProperty("id").GetString());
            if (message.GetProperty("id").GetString() == "again")
            {
                Assert.Equal("error", message.GetProperty("type").GetString());
                Assert.Equal("FORBIDDEN", message.GetProperty("payload")[0].GetProperty("extensions").GetProperty("code").GetString());
                return;
            }
        }
    }

    private static string? Kind(JsonElement payload) =>
        payload.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
            ? data.GetProperty("conversationChanged").GetProperty("kind").GetString()
            : null;

    /// <summary>A tenant with a manager and two agents serving support.</summary>
    private async Task<(string Tenant, string Manager, string Ava, string Ben)> TenantAsync()
    {
        var t = await Server.Client.CreateTenantWithArticlesAsync();
        var ava = await Server.Client.TokenAsync(t.Id, t.ApiKey, "AGENT", "ava");
        var ben = await Server.Client.TokenAsync(t.Id, t.ApiKey, "AGENT", "ben");
        foreach (var agent in new[] { ava, ben })
        {
            (await Server.Client.PostAsync("mutation { setPresence(input: { presence: AWAY, capacity: 3, queues: [\"support\"] }) { id } }", null, agent)).Ok();
        }

        return (t.Id, t.ManagerToken, ava, ben);
    }
}
