using System.Text.Json;
using Hitl.Api.Tests.Live;

namespace Hitl.Api.Tests.Flows;

/// <summary>
/// <c>scoreboard(window:)</c> over HTTP: every field the contract's Scoreboard has and the server serves, mapped from
/// the board, and only managers may read it. The board is fed once a second; the test waits for the
/// <c>scoreboardChanged</c> event that shows the scenario counted, then reads the query.
/// </summary>
[Collection(LiveCollection.Name)]
public sealed class ScoreboardQueryTests(LiveFixture live)
{
    private const string Board = """
        query($w: Window) {
          scoreboard(window: $w) {
            window from to conversationsStarted resolvedByBot resolvedByHuman containmentRate escalated escalationRate
            escalationsByReason { reason count } draftsApproved draftsEdited draftsRejected
            firstHumanResponseP50Seconds firstHumanResponseP90Seconds slaMet slaBreached csatBot csatHuman csatResponses
            waiting agentsOnline
          }
        }
        """;

    private LiveServer Server => live.Server;

    [Fact]
    public async Task Scoreboard_ForAManager_MapsEveryServedFieldOfTheBoard()
    {
        var (tenant, apiKey) = await Server.Client.CreateTenantAsync();
        var manager = await Server.Client.TokenAsync(tenant, apiKey, "MANAGER", "mia");
        await using var watcher = await WsClient.ReadyAsync(Server.WebSocketUri, manager);
        await watcher.SubscribeAsync("s", "subscription { scoreboardChanged(window: HOUR) { conversationsStarted escalated resolvedByBot csatResponses waiting agentsOnline } }");
        await watcher.NextAsync("s", "scoreboardChanged");

        // One conversation escalated by request and waiting in support; one resolved by the customer with no human
        // involved and rated 4; one agent online for another queue (so the waiting item stays waiting).
        var (escalated, escalatedToken) = await Server.Client.StartConversationAsync(tenant);
        (await Server.Client.PostAsync("mutation($c: ID!) { requestHuman(conversationId: $c) { id } }", new { c = escalated }, escalatedToken)).Ok();
        var (contained, containedToken) = await Server.Client.StartConversationAsync(tenant);
        (await Server.Client.PostAsync("mutation($c: ID!) { resolve(conversationId: $c) { status } }", new { c = contained }, containedToken)).Ok();
        (await Server.Client.PostAsync("mutation($c: ID!) { rateConversation(conversationId: $c, score: 4) { id } }", new { c = contained }, containedToken)).Ok();
        var agent = await Server.Client.TokenAsync(tenant, apiKey, "AGENT", "ana");
        (await Server.Client.PostAsync("mutation($a: ID!, $q: [String!]!) { setAgentQueues(agentId: $a, queues: $q) { id } }", new { a = "ana", q = new[] { "billing" } }, manager)).Ok();
        (await Server.Client.PostAsync("mutation { setPresence(input: { presence: ONLINE, queues: [\"billing\"] }) { id } }", null, agent)).Ok();

        await watcher.NextAsync("s", "scoreboardChanged", b =>
            b.GetProperty("conversationsStarted").GetInt32() == 2 && b.GetProperty("escalated").GetInt32() == 1
            && b.GetProperty("resolvedByBot").GetInt32() == 1 && b.GetProperty("csatResponses").GetInt32() == 1
            && b.GetProperty("waiting").GetInt32() == 1 && b.GetProperty("agentsOnline").GetInt32() == 1);

        var before = DateTimeOffset.UtcNow;
        var board = (await Server.Client.PostAsync(Board, new { w = "HOUR" }, manager)).Ok().GetProperty("scoreboard");
        var after = DateTimeOffset.UtcNow;

        Assert.Equal("HOUR", board.GetProperty("window").GetString());
        var from = board.GetProperty("from").GetDateTimeOffset();
        var to = board.GetProperty("to").GetDateTimeOffset();
        Assert.Equal(Floor(to, TimeSpan.FromMinutes(1)) - TimeSpan.FromMinutes(59), from);
        Assert.InRange(to, before.AddSeconds(-1), after.AddSeconds(1));
        Assert.Equal(2, board.GetProperty("conversationsStarted").GetInt32());
        Assert.Equal(1, board.GetProperty("resolvedByBot").GetInt32());
        Assert.Equal(0, board.GetProperty("resolvedByHuman").GetInt32());
        Assert.Equal(1.0, board.GetProperty("containmentRate").GetDouble());
        Assert.Equal(1, board.GetProperty("escalated").GetInt32());
        Assert.Equal(0.5, board.GetProperty("escalationRate").GetDouble());
        var reason = Assert.Single(board.GetProperty("escalationsByReason").EnumerateArray());
        Assert.Equal(("EXPLICIT_REQUEST", 1), (reason.GetProperty("reason").GetString(), reason.GetProperty("count").GetInt32()));
        Assert.Equal(0, board.GetProperty("draftsApproved").GetInt32());
        Assert.Equal(0, board.GetProperty("draftsEdited").GetInt32());
        Assert.Equal(0, board.GetProperty("draftsRejected").GetInt32());
        Assert.Equal(JsonValueKind.Null, board.GetProperty("firstHumanResponseP50Seconds").ValueKind);
        Assert.Equal(JsonValueKind.Null, board.GetProperty("firstHumanResponseP90Seconds").ValueKind);
        Assert.Equal(0, board.GetProperty("slaMet").GetInt32());
        Assert.Equal(0, board.GetProperty("slaBreached").GetInt32());
        Assert.Equal(4.0, board.GetProperty("csatBot").GetDouble());
        Assert.Equal(JsonValueKind.Null, board.GetProperty("csatHuman").ValueKind);
        Assert.Equal(1, board.GetProperty("csatResponses").GetInt32());
        Assert.Equal(1, board.GetProperty("waiting").GetInt32());
        Assert.Equal(1, board.GetProperty("agentsOnline").GetInt32());
    }

    [Fact]
    public async Task Scoreboard_OfATenantWithNothingStarted_HasZeroCountsAndNullRates_AndTheDayWindowByDefault()
    {
        var (tenant, apiKey) = await Server.Client.CreateTenantAsync();
        var manager = await Server.Client.TokenAsync(tenant, apiKey, "MANAGER", "mia");

        var board = (await Server.Client.PostAsync(Board, null, manager)).Ok().GetProperty("scoreboard");

        Assert.Equal("DAY", board.GetProperty("window").GetString());
        Assert.Equal(Floor(board.GetProperty("to").GetDateTimeOffset(), TimeSpan.FromHours(1)) - TimeSpan.FromHours(23), board.GetProperty("from").GetDateTimeOffset());
        Assert.Equal(0, board.GetProperty("conversationsStarted").GetInt32());
        Assert.Equal(JsonValueKind.Null, board.GetProperty("containmentRate").ValueKind);
        Assert.Equal(JsonValueKind.Null, board.GetProperty("escalationRate").ValueKind);
        Assert.Equal(JsonValueKind.Null, board.GetProperty("csatBot").ValueKind);
        Assert.Equal(0, board.GetProperty("escalationsByReason").GetArrayLength());
    }

    [Fact]
    public async Task Scoreboard_ForAnAgentOrACustomer_IsForbidden()
    {
        var (tenant, apiKey) = await Server.Client.CreateTenantAsync();
        var agent = await Server.Client.TokenAsync(tenant, apiKey, "AGENT", "ana");
        var (_, customer) = await Server.Client.StartConversationAsync(tenant);

        var asAgent = await Server.Client.PostAsync("{ scoreboard(window: DAY) { conversationsStarted } }", token: agent);
        var asCustomer = await Server.Client.PostAsync("{ scoreboard(window: DAY) { conversationsStarted } }", token: customer);

        asAgent.AssertError("FORBIDDEN");
        asCustomer.AssertError("FORBIDDEN");
        Assert.Equal(JsonValueKind.Null, asAgent.Data.ValueKind);
        Assert.Equal(JsonValueKind.Null, asCustomer.Data.ValueKind);
    }

    /// <summary>The window's buckets: HOUR starts 59 whole minutes before the current minute, DAY 23 whole hours before the current hour.</summary>
    private static DateTimeOffset Floor(DateTimeOffset time, TimeSpan unit) => new(time.UtcTicks - (time.UtcTicks % unit.Ticks), TimeSpan.Zero);
}
