using System.Text.Json;
using Hitl.Grains.Common;
using Hitl.Grains.Queues;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Core.Internal;

namespace Hitl.Api.Tests.Live;

/// <summary>The contract's subscriptions: who may watch what, the first state, the events, and surviving a grain's deactivation.</summary>
[Collection(LiveCollection.Name)]
public sealed class SubscriptionTests(LiveFixture live)
{
    private const string QueueSubscription = "subscription($q: String) { queueChanged(queue: $q) { queue version kind waiting item { id kind assignedTo conversation { id } } } }";
    private const string ConversationSubscription = "subscription($id: ID!) { conversationChanged(id: $id) { conversationId version kind message { author authorName text } conversation { status owner { kind } } } }";
    private const string AssignmentSubscription = "subscription { assignments { id kind assignedTo conversation { id status } } }";
    private const string ScoreboardSubscription = "subscription { scoreboardChanged(window: DAY) { window conversationsStarted escalated waiting agentsOnline } }";

    private LiveServer Server => live.Server;

    [Fact]
    public async Task An_escalation_reaches_the_agents_queue_and_assignment_watchers_and_the_customer_sees_the_agent()
    {
        var (tenant, customer, conversationId, agent) = await SetupAsync();
        await using var console = await WsClient.ReadyAsync(Server.WebSocketUri, agent);
        await console.SubscribeAsync("q", QueueSubscription, new { q = "support" });
        var snapshot = await console.NextAsync("q", "queueChanged");
        Assert.Equal("SNAPSHOT", snapshot.GetProperty("kind").GetString());
        Assert.Equal(0, snapshot.GetProperty("waiting").GetInt32());
        await console.SubscribeAsync("a", AssignmentSubscription);

        await using var widget = await WsClient.ReadyAsync(Server.WebSocketUri, customer);
        await widget.SubscribeAsync("c", ConversationSubscription, new { id = conversationId });
        Assert.Equal("SNAPSHOT", (await widget.NextAsync("c", "conversationChanged")).GetProperty("kind").GetString());

        (await Server.Client.PostAsync("mutation($id: ID!) { requestHuman(conversationId: $id) { status } }", new { id = conversationId }, customer)).Ok();
        var enqueued = await console.NextAsync("q", "queueChanged", e => e.GetProperty("kind").GetString() == "ENQUEUED");
        Assert.Equal(snapshot.GetProperty("version").GetInt32() + 1, enqueued.GetProperty("version").GetInt32());
        Assert.Equal(1, enqueued.GetProperty("waiting").GetInt32());
        Assert.Equal(conversationId, enqueued.GetProperty("item").GetProperty("conversation").GetProperty("id").GetString());
        await widget.NextAsync("c", "conversationChanged", e => e.GetProperty("kind").GetString() == "ESCALATED");

        (await Server.Client.PostAsync("mutation { setPresence(input: { presence: ONLINE }) { id } }", null, agent)).Ok();
        var assignment = await console.NextAsync("a", "assignments");
        Assert.Equal("ava", assignment.GetProperty("assignedTo").GetString());
        Assert.Equal(conversationId, assignment.GetProperty("conversation").GetProperty("id").GetString());
        var assigned = await console.NextAsync("q", "queueChanged", e => e.GetProperty("kind").GetString() == "ASSIGNED");
        Assert.Equal(enqueued.GetProperty("version").GetInt32() + 1, assigned.GetProperty("version").GetInt32());
        Assert.Equal(0, assigned.GetProperty("waiting").GetInt32());
        var owned = await widget.NextAsync("c", "conversationChanged", e => e.GetProperty("kind").GetString() == "ASSIGNED");
        Assert.Equal("AGENT", owned.GetProperty("conversation").GetProperty("owner").GetProperty("kind").GetString());

        (await Server.Client.SendMessageAsync(conversationId, "Hi Casey, Ava here.", "a1", agent)).Ok();
        var message = await widget.NextAsync("c", "conversationChanged", e => e.GetProperty("kind").GetString() == "MESSAGE" && e.GetProperty("message").GetProperty("author").GetString() == "AGENT");
        Assert.Equal("AGENT", message.GetProperty("message").GetProperty("author").GetString());
        Assert.Equal("Hi Casey, Ava here.", message.GetProperty("message").GetProperty("text").GetString());
        Assert.Equal("Support", message.GetProperty("message").GetProperty("authorName").GetString());
        _ = tenant;
    }

    [Fact]
    public async Task A_new_assignments_subscription_first_gets_the_work_held_now()
    {
        var (_, customer, conversationId, agent) = await SetupAsync();
        (await Server.Client.PostAsync("mutation($id: ID!) { requestHuman(conversationId: $id) { status } }", new { id = conversationId }, customer)).Ok();
        (await Server.Client.PostAsync("mutation { acceptNext { id } }", null, agent)).Ok();

        await using var console = await WsClient.ReadyAsync(Server.WebSocketUri, agent);
        await console.SubscribeAsync("a", AssignmentSubscription);
        var held = await console.NextAsync("a", "assignments");
        Assert.Equal(conversationId, held.GetProperty("conversation").GetProperty("id").GetString());
        Assert.Equal("HUMAN", held.GetProperty("conversation").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Customers_watch_only_their_own_conversation()
    {
        var (tenant, customer, conversationId, _) = await SetupAsync();
        var (otherId, _) = await Server.Client.StartConversationAsync(tenant);
        await using var ws = await WsClient.ReadyAsync(Server.WebSocketUri, customer);

        Assert.Equal("SNAPSHOT", (await NextOrErrorAsync(ws, "own", ConversationSubscription, new { id = conversationId })).GetProperty("data").GetProperty("conversationChanged").GetProperty("kind").GetString());
        AssertCode("FORBIDDEN", await NextOrErrorAsync(ws, "other", ConversationSubscription, new { id = otherId }));
        AssertCode("FORBIDDEN", await NextOrErrorAsync(ws, "queue", QueueSubscription, new { q = "support" }));
        AssertCode("FORBIDDEN", await NextOrErrorAsync(ws, "assign", AssignmentSubscription, null));
        AssertCode("FORBIDDEN", await NextOrErrorAsync(ws, "board", ScoreboardSubscription, null));
    }

    [Fact]
    public async Task Agents_watch_the_queues_they_serve_and_conversations_they_could_claim()
    {
        var (tenant, customer, conversationId, agent) = await SetupAsync();
        var billing = await Server.Client.TokenAsync(tenant, await ApiKeyAsync(tenant), "AGENT", "bo");
        var manager = await Server.Client.TokenAsync(tenant, await ApiKeyAsync(tenant), "MANAGER", "mia");
        (await Server.Client.PostAsync("mutation($a: ID!, $q: [String!]!) { setAgentQueues(agentId: $a, queues: $q) { id } }", new { a = "bo", q = new[] { "billing" } }, manager)).Ok();
        (await Server.Client.PostAsync("mutation { setPresence(input: { presence: AWAY, queues: [\"billing\"] }) { id } }", null, billing)).Ok();
        await using (var other = await WsClient.ReadyAsync(Server.WebSocketUri, billing))
        {
            AssertCode("FORBIDDEN", await NextOrErrorAsync(other, "support", QueueSubscription, new { q = "support" }));
        }

        await using var ws = await WsClient.ReadyAsync(Server.WebSocketUri, agent);
        Assert.Equal("SNAPSHOT", (await NextOrErrorAsync(ws, "served", QueueSubscription, new { q = "support" })).GetProperty("data").GetProperty("queueChanged").GetProperty("kind").GetString());
        AssertCode("NOT_FOUND", await NextOrErrorAsync(ws, "unknown", QueueSubscription, new { q = "nowhere" }));
        AssertCode("BAD_USER_INPUT", await NextOrErrorAsync(ws, "bad", QueueSubscription, new { q = "no such queue!" }));
        AssertCode("FORBIDDEN", await NextOrErrorAsync(ws, "bot-owned", ConversationSubscription, new { id = conversationId }));
        AssertCode("FORBIDDEN", await NextOrErrorAsync(ws, "board", ScoreboardSubscription, null));

        // Once it waits in a queue the agent serves, the agent may watch it.
        (await Server.Client.PostAsync("mutation($id: ID!) { requestHuman(conversationId: $id) { status } }", new { id = conversationId }, customer)).Ok();
        Assert.Equal("SNAPSHOT", (await NextOrErrorAsync(ws, "claimable", ConversationSubscription, new { id = conversationId })).GetProperty("data").GetProperty("conversationChanged").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Managers_watch_everything_in_their_tenant_and_nothing_elsewhere()
    {
        var (tenant, _, conversationId, _) = await SetupAsync();
        var manager = await ManagerAsync(tenant);
        var (otherTenant, _, otherConversation, _) = await SetupAsync();
        _ = otherTenant;
        await using var ws = await WsClient.ReadyAsync(Server.WebSocketUri, manager);

        Assert.Equal("SNAPSHOT", (await NextOrErrorAsync(ws, "c", ConversationSubscription, new { id = conversationId })).GetProperty("data").GetProperty("conversationChanged").GetProperty("kind").GetString());
        Assert.Equal("DAY", (await NextOrErrorAsync(ws, "s", ScoreboardSubscription, null)).GetProperty("data").GetProperty("scoreboardChanged").GetProperty("window").GetString());
        Assert.Equal("SNAPSHOT", (await NextOrErrorAsync(ws, "all", QueueSubscription, new { q = (string?)null })).GetProperty("data").GetProperty("queueChanged").GetProperty("kind").GetString());
        AssertCode("NOT_FOUND", await NextOrErrorAsync(ws, "elsewhere", ConversationSubscription, new { id = otherConversation }));
    }

    [Fact]
    public async Task The_scoreboard_watcher_sees_new_conversations_counted()
    {
        var (tenant, apiKey) = await Server.Client.CreateTenantAsync();
        var manager = await Server.Client.TokenAsync(tenant, apiKey, "MANAGER", "mia");
        await using var ws = await WsClient.ReadyAsync(Server.WebSocketUri, manager);
        await ws.SubscribeAsync("s", ScoreboardSubscription);
        Assert.Equal(0, (await ws.NextAsync("s", "scoreboardChanged")).GetProperty("conversationsStarted").GetInt32());

        await Server.Client.StartConversationAsync(tenant);
        var board = await ws.NextAsync("s", "scoreboardChanged", b => b.GetProperty("conversationsStarted").GetInt32() > 0);
        Assert.Equal(1, board.GetProperty("conversationsStarted").GetInt32());
    }

    [Fact]
    public async Task A_watcher_keeps_receiving_after_the_watched_queue_grain_is_deactivated()
    {
        var (tenant, customer, conversationId, agent) = await SetupAsync();
        await using var console = await WsClient.ReadyAsync(Server.WebSocketUri, agent);
        await console.SubscribeAsync("q", QueueSubscription, new { q = "support" });
        await console.NextAsync("q", "queueChanged");
        (await Server.Client.PostAsync("mutation($id: ID!) { requestHuman(conversationId: $id) { status } }", new { id = conversationId }, customer)).Ok();
        await console.NextAsync("q", "queueChanged", e => e.GetProperty("kind").GetString() == "ENQUEUED");

        // The activation goes away, and with it the observers it knew.
        var queue = Server.Grains.GetGrain<IQueueGrain>(GrainKeys.Scoped(tenant, "support"));
        await queue.AsReference<IGrainManagementExtension>().DeactivateOnIdle();

        var (second, secondToken) = await Server.Client.StartConversationAsync(tenant);
        (await Server.Client.PostAsync("mutation($id: ID!) { requestHuman(conversationId: $id) { status } }", new { id = second }, secondToken)).Ok();

        // Either the event itself (the hub renewed in time) or a SNAPSHOT catch-up after the renewal: never silence.
        var seen = await console.NextAsync("q", "queueChanged", e => e.GetProperty("waiting").GetInt32() == 2);
        Assert.Contains(seen.GetProperty("kind").GetString(), new[] { "ENQUEUED", "SNAPSHOT" });

        // And later changes arrive as events again.
        var (third, thirdToken) = await Server.Client.StartConversationAsync(tenant);
        (await Server.Client.PostAsync("mutation($id: ID!) { requestHuman(conversationId: $id) { status } }", new { id = third }, thirdToken)).Ok();
        var next = await console.NextAsync("q", "queueChanged", e => e.GetProperty("waiting").GetInt32() == 3);
        Assert.Equal(third, next.GetProperty("item").GetProperty("conversation").GetProperty("id").GetString());
    }

    [Fact]
    public async Task An_event_is_executed_once_per_caller_and_document_however_many_subscriptions_share_them()
    {
        var (tenant, customer, conversationId, agent) = await SetupAsync();
        var manager = await ManagerAsync(tenant);
        var strategy = Server.Factory.Services.GetRequiredService<Hitl.Api.GraphQL.SharedSubscriptionExecutionStrategy>();
        await using var first = await WsClient.ReadyAsync(Server.WebSocketUri, manager);
        await using var second = await WsClient.ReadyAsync(Server.WebSocketUri, manager);
        await using var other = await WsClient.ReadyAsync(Server.WebSocketUri, agent);
        foreach (var ws in new[] { first, second, other })
        {
            await ws.SubscribeAsync("q", QueueSubscription, new { q = "support" });
            Assert.Equal("SNAPSHOT", (await ws.NextAsync("q", "queueChanged")).GetProperty("kind").GetString());
        }

        var (executed, reused) = strategy.Counts;
        (await Server.Client.PostAsync("mutation($id: ID!) { requestHuman(conversationId: $id) { status } }", new { id = conversationId }, customer)).Ok();
        var events = new List<JsonElement>();
        foreach (var ws in new[] { first, second, other })
        {
            events.Add(await ws.NextAsync("q", "queueChanged", e => e.GetProperty("kind").GetString() == "ENQUEUED"));
        }

        // Everyone got the same event; the two subscriptions of the manager shared one execution, the agent had its own.
        Assert.All(events, e => Assert.Equal(events[0].GetRawText(), e.GetRawText()));
        Assert.Equal(conversationId, events[0].GetProperty("item").GetProperty("conversation").GetProperty("id").GetString());
        var (executedAfter, reusedAfter) = strategy.Counts;
        Assert.Equal((2, 1), (executedAfter - executed, reusedAfter - reused));
    }

    [Fact]
    public async Task Many_sockets_watching_one_queue_share_one_grain_subscription_that_ends_with_the_last_watcher()
    {
        var (tenant, _, _, agent) = await SetupAsync();
        var hub = Server.Factory.Services.GetRequiredService<Hitl.Api.Live.LiveHub>();
        var first = await WsClient.ReadyAsync(Server.WebSocketUri, agent);
        await first.SubscribeAsync("q", QueueSubscription, new { q = "support" });
        await first.NextAsync("q", "queueChanged");
        Assert.Equal(1, hub.QueueWatchers(tenant, "support"));

        await using (var second = await WsClient.ReadyAsync(Server.WebSocketUri, agent))
        {
            await second.SubscribeAsync("q", QueueSubscription, new { q = "support" });
            await second.SubscribeAsync("q2", QueueSubscription, new { q = "support" });
            await second.NextAsync("q", "queueChanged");
            await second.NextAsync("q2", "queueChanged");

            // Three subscriptions on two sockets, one topic (one grain subscription) in the hub.
            Assert.Equal(3, hub.QueueWatchers(tenant, "support"));
        }

        await first.DisposeAsync();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (hub.QueueWatchers(tenant, "support") > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Equal(0, hub.QueueWatchers(tenant, "support"));
    }

    private async Task<(string Tenant, string Customer, string ConversationId, string Agent)> SetupAsync()
    {
        var (tenant, apiKey) = await Server.Client.CreateTenantAsync();
        _apiKeys[tenant] = apiKey;
        var agent = await Server.Client.TokenAsync(tenant, apiKey, "AGENT", "ava");
        (await Server.Client.PostAsync("mutation { setPresence(input: { presence: AWAY, capacity: 3, queues: [\"support\"] }) { id } }", null, agent)).Ok();
        var (conversationId, customer) = await Server.Client.StartConversationAsync(tenant);
        return (tenant, customer, conversationId, agent);
    }

    private readonly Dictionary<string, string> _apiKeys = [];

    private Task<string> ApiKeyAsync(string tenant) => Task.FromResult(_apiKeys[tenant]);

    private Task<string> ManagerAsync(string tenant) => Server.Client.TokenAsync(tenant, _apiKeys[tenant], "MANAGER", "mia");

    /// <summary>Subscribes and returns the first result (data or errors) of the operation.</summary>
    private static async Task<JsonElement> NextOrErrorAsync(WsClient ws, string id, string query, object? variables)
    {
        await ws.SubscribeAsync(id, query, variables);
        var message = await ws.ReceiveForAsync(id);
        return message.GetProperty("type").GetString() == "error"
            ? JsonDocument.Parse($"{{\"errors\":{message.GetProperty("payload").GetRawText()}}}").RootElement.Clone()
            : message.GetProperty("payload");
    }

    private static void AssertCode(string code, JsonElement result)
    {
        Assert.True(result.TryGetProperty("errors", out var errors), $"Expected {code}, got {result}");
        Assert.Equal(code, errors[0].GetProperty("extensions").GetProperty("code").GetString());
    }
}
