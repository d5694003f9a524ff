using System.Text.Json;
using Hitl.Api.Tests.Live;

namespace Hitl.Api.Tests.Security;

/// <summary>
/// Every nested path is checked for the caller, not only the root field: an agent that does not
/// serve a queue cannot reach that queue's conversations through work items in queue events or
/// through the conversation a mutation returns.
/// </summary>
[Collection(LiveCollection.Name)]
public sealed class NestedPathAccessTests(LiveFixture live)
{
    private const string QueueWatch = "subscription($q: String) { queueChanged(queue: $q) { queue kind item { id conversation { id status messages { text } } } } }";

    private LiveServer Server => live.Server;

    [Fact]
    public async Task A_queue_event_does_not_carry_a_conversation_that_moved_to_a_queue_the_agent_does_not_serve()
    {
        var (tenant, manager, support, billing) = await TenantAsync();
        await using var console = await WsClient.ReadyAsync(Server.WebSocketUri, support);
        var snapshot = await StaffViewScenario.FirstResultAsync(console, "q", QueueWatch, new { q = "support" });
        Assert.Empty(StaffViewScenario.Codes(snapshot));

        var (id, customer) = await Server.Client.StartConversationAsync(tenant);
        (await Server.Client.PostAsync(WidgetView.RequestHuman, new { id }, customer)).Ok();
        var enqueued = await StaffViewScenario.ResultAsync(console, "q", p => Kind(p) == "ENQUEUED");
        Assert.Empty(StaffViewScenario.Codes(enqueued));
        Assert.Equal(id, enqueued.GetProperty("data").GetProperty("queueChanged").GetProperty("item").GetProperty("conversation").GetProperty("id").GetString());

        // A manager moves it to billing: the support queue's REMOVED event names the item, but the
        // conversation (now billing's) is refused to the support agent.
        (await Server.Client.PostAsync("mutation($i: TransferInput!) { transfer(input: $i) { status } }", new { i = new { conversationId = id, queue = "billing" } }, manager)).Ok();
        var removed = await StaffViewScenario.ResultAsync(console, "q", p => Kind(p) == "REMOVED");
        Assert.Equal(["FORBIDDEN"], StaffViewScenario.Codes(removed));
        Assert.Equal(JsonValueKind.Null, removed.GetProperty("data").GetProperty("queueChanged").GetProperty("item").ValueKind);
        Assert.DoesNotContain(id, removed.GetRawText(), StringComparison.Ordinal);

        // Nothing changed by the refusal: billing's agent reads it where it waits.
        var waiting = (await Server.Client.PostAsync("{ queue(name: \"billing\") { items { conversation { id status } } } }", null, billing)).Ok();
        Assert.Equal(id, waiting.GetProperty("queue").GetProperty("items")[0].GetProperty("conversation").GetProperty("id").GetString());
    }

    [Fact]
    public async Task The_conversation_a_transfer_returns_keeps_its_messages_from_an_agent_that_does_not_serve_the_target_queue()
    {
        var (tenant, manager, support, _) = await TenantAsync();
        var (id, customer) = await Server.Client.StartConversationAsync(tenant);
        (await Server.Client.PostAsync(WidgetView.Send, WidgetView.SendInput(id, "How do I share a folder?", "m1"), customer)).Ok();
        (await Server.Client.PostAsync(WidgetView.RequestHuman, new { id }, customer)).Ok();
        (await Server.Client.PostAsync("mutation { acceptNext(queue: \"support\") { id } }", null, support)).Ok();

        var moved = await Server.Client.PostAsync(
            "mutation($i: TransferInput!) { transfer(input: $i) { status owner { queue } messages { text } } }",
            new { i = new { conversationId = id, queue = "billing" } },
            support);
        Assert.Equal(["FORBIDDEN"], StaffViewScenario.Codes(moved.Body));
        Assert.DoesNotContain("Right-click", moved.Body.GetRawText(), StringComparison.Ordinal);

        // The transfer itself was the owner's right and happened; reading it afterwards is refused as well.
        var seen = (await Server.Client.PostAsync("query($id: ID!) { conversation(id: $id) { status owner { queue } } }", new { id }, manager)).Ok().GetProperty("conversation");
        Assert.Equal("billing", seen.GetProperty("owner").GetProperty("queue").GetString());
        (await Server.Client.PostAsync("query($id: ID!) { conversation(id: $id) { messages { text } } }", new { id }, support)).AssertError("FORBIDDEN");
    }

    [Fact]
    public async Task An_agent_reads_the_work_it_holds_and_what_waits_in_its_queues_through_nested_paths()
    {
        var (tenant, _, support, _) = await TenantAsync();
        var (id, customer) = await Server.Client.StartConversationAsync(tenant);
        (await Server.Client.PostAsync(WidgetView.RequestHuman, new { id }, customer)).Ok();

        var waiting = (await Server.Client.PostAsync("{ queue(name: \"support\") { items { conversation { id messages { author } } } } }", null, support)).Ok();
        Assert.Equal(id, waiting.GetProperty("queue").GetProperty("items")[0].GetProperty("conversation").GetProperty("id").GetString());
        var taken = (await Server.Client.PostAsync("mutation { acceptNext(queue: \"support\") { conversation { id messages { author } } } }", null, support)).Ok();
        Assert.Equal(id, taken.GetProperty("acceptNext").GetProperty("conversation").GetProperty("id").GetString());
        var held = (await Server.Client.PostAsync("{ me { assignments { conversation { id messages { author } } } } }", null, support)).Ok();
        Assert.Equal(id, held.GetProperty("me").GetProperty("assignments")[0].GetProperty("conversation").GetProperty("id").GetString());
    }

    private static string? Kind(JsonElement payload) =>
        payload.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
            ? data.GetProperty("queueChanged").GetProperty("kind").GetString()
            : null;

    /// <summary>A tenant with a manager, an agent serving support and one serving billing.</summary>
    private async Task<(string Tenant, string Manager, string Support, string Billing)> TenantAsync()
    {
        var t = await Server.Client.CreateTenantWithArticlesAsync();
        var support = await Server.Client.TokenAsync(t.Id, t.ApiKey, "AGENT", "sam");
        var billing = await Server.Client.TokenAsync(t.Id, t.ApiKey, "AGENT", "bill");
        (await Server.Client.PostAsync("mutation { setPresence(input: { presence: AWAY, capacity: 3, queues: [\"support\"] }) { id } }", null, support)).Ok();
        (await Server.Client.PostAsync("mutation { setAgentQueues(agentId: \"bill\", queues: [\"billing\"]) { id } }", null, t.ManagerToken)).Ok();
        (await Server.Client.PostAsync("mutation { setPresence(input: { presence: AWAY, capacity: 3, queues: [\"billing\"] }) { id } }", null, billing)).Ok();
        return (t.Id, t.ManagerToken, support, billing);
    }
}
