using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hitl.Api.Tests.Live;

namespace Hitl.Api.Tests.Security;

/// <summary>
/// Per-client-address and per-token rate limits (<c>Hitl:RateLimits:*</c>), on a server with them on and buckets
/// that do not refill during the run. Each test calls from its own loopback address, as its own client.
/// </summary>
[Collection(RateLimitCollection.Name)]
public sealed class RateLimitTests(RateLimitFixture limits)
{
    private const string Start = "mutation($i: StartConversationInput!) { startConversation(input: $i) { token conversation { id } } }";
    private const string Send = "mutation($i: SendMessageInput!) { sendMessage(input: $i) { message { id } } }";

    private LiveServer Server => limits.Limited;

    [Fact]
    public async Task A_startConversation_flood_from_one_address_gets_429_with_Retry_After_and_starts_nothing_while_other_addresses_carry_on()
    {
        var (tenant, apiKey) = await Server.Client.CreateTenantAsync();
        var manager = await Server.Client.TokenAsync(tenant, apiKey, "MANAGER", "mia");
        await using var board = await WsClient.ReadyAsync(Server.WebSocketUri, manager);
        await board.SubscribeAsync("s", "subscription { scoreboardChanged(window: HOUR) { conversationsStarted } }");
        await board.NextAsync("s", "scoreboardChanged");

        using var attacker = new HttpClient(RateLimitFixture.From(RateLimitFixture.NewClientAddress())) { BaseAddress = Server.BaseAddress };
        for (var i = 0; i < RateLimitFixture.StartConversationBurst; i++)
        {
            using var allowed = await PostAsync(attacker, Start, new { i = new { tenant, customerName = "Mallory" } });
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        for (var i = 0; i < 20; i++)
        {
            using var refused = await PostAsync(attacker, Start, new { i = new { tenant, customerName = "Mallory" } });
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, $"Retry-After: {refused.Headers.RetryAfter}");
            var body = await refused.Content.ReadFromJsonAsync<JsonElement>();
            var error = Assert.Single(body.GetProperty("errors").EnumerateArray());
            Assert.Equal("RATE_LIMITED", error.GetProperty("extensions").GetProperty("code").GetString());
            Assert.True(error.GetProperty("extensions").GetProperty("retryAfter").GetInt32() > 0);
            Assert.False(body.TryGetProperty("data", out _), body.ToString());
        }

        // Another client is not held back; the board then counts its conversation and the attacker's allowed ones only.
        var other = RateLimitFixture.ClientFrom(Server, RateLimitFixture.NewClientAddress());
        await other.StartConversationAsync(tenant);
        var expected = RateLimitFixture.StartConversationBurst + 1;
        await board.NextAsync("s", "scoreboardChanged", b => b.GetProperty("conversationsStarted").GetInt32() >= expected);
        var started = (await Server.Client.PostAsync("{ scoreboard(window: HOUR) { conversationsStarted } }", null, manager)).Ok();
        Assert.Equal(expected, started.GetProperty("scoreboard").GetProperty("conversationsStarted").GetInt32());
    }

    [Fact]
    public async Task Guessing_api_keys_from_one_address_is_cut_off_and_then_even_the_right_key_issues_no_token()
    {
        var (tenant, apiKey) = await Server.Client.CreateTenantAsync();
        var guesser = RateLimitFixture.ClientFrom(Server, RateLimitFixture.NewClientAddress());
        const string Token = "mutation($i: CreateAccessTokenInput!) { createAccessToken(input: $i) { token } }";
        var refusedAt = -1;
        for (var i = 0; i < RateLimitFixture.PublicCallsBurst + 1; i++)
        {
            var guess = await guesser.PostAsync(Token, new { i = new { tenant, apiKey = "hitl_guess" + i, role = "ADMIN", subject = "eve" } });
            if (guess.Status == HttpStatusCode.TooManyRequests)
            {
                refusedAt = i;
                break;
            }

            guess.AssertError("UNAUTHENTICATED");
        }

        Assert.Equal(RateLimitFixture.PublicCallsBurst, refusedAt);
        var right = await guesser.PostAsync(Token, new { i = new { tenant, apiKey, role = "ADMIN", subject = "eve" } });
        Assert.Equal(HttpStatusCode.TooManyRequests, right.Status);
        right.AssertError("RATE_LIMITED");
        Assert.False(right.Body.TryGetProperty("data", out _));

        // The owner's own address still works.
        Assert.NotEmpty(await Server.Client.TokenAsync(tenant, apiKey, "ADMIN", "ada"));
    }

    [Fact]
    public async Task A_customer_token_shares_one_sendMessage_budget_over_HTTP_and_WebSocket_and_refused_sends_store_nothing()
    {
        var (tenant, _) = await Server.Client.CreateTenantAsync();
        var client = RateLimitFixture.ClientFrom(Server, RateLimitFixture.NewClientAddress());
        var (id, customer) = await client.StartConversationAsync(tenant);

        // Two of three over HTTP.
        (await client.PostAsync(Send, new { i = new { conversationId = id, text = "first", clientMessageId = "m1" } }, customer)).Ok();
        (await client.PostAsync(Send, new { i = new { conversationId = id, text = "second", clientMessageId = "m2" } }, customer)).Ok();

        // Two aliased sends cost two: more than is left, so neither is stored.
        var pair = await client.PostAsync(
            "mutation($c: ID!) { a: sendMessage(input: { conversationId: $c, text: \"pair-a\", clientMessageId: \"pa\" }) { message { id } } b: sendMessage(input: { conversationId: $c, text: \"pair-b\", clientMessageId: \"pb\" }) { message { id } } }",
            new { c = id },
            customer);
        Assert.Equal(HttpStatusCode.TooManyRequests, pair.Status);
        pair.AssertError("RATE_LIMITED");

        // The third over the socket, then the socket is refused too, and HTTP after it.
        await using var ws = await WsClient.ReadyAsync(Server.WebSocketUri, customer);
        await ws.SubscribeAsync("3", Send, new { i = new { conversationId = id, text = "third", clientMessageId = "m3" } });
        Assert.Equal("next", (await ws.ReceiveForAsync("3")).GetProperty("type").GetString());
        await ws.SubscribeAsync("4", Send, new { i = new { conversationId = id, text = "fourth", clientMessageId = "m4" } });
        var error = await ws.ReceiveForAsync("4");
        Assert.Equal("error", error.GetProperty("type").GetString());
        Assert.Equal("RATE_LIMITED", error.GetProperty("payload")[0].GetProperty("extensions").GetProperty("code").GetString());
        var fifth = await client.PostAsync(Send, new { i = new { conversationId = id, text = "fifth", clientMessageId = "m5" } }, customer);
        Assert.Equal(HttpStatusCode.TooManyRequests, fifth.Status);
        fifth.AssertError("RATE_LIMITED");

        // The socket stays usable for what is not limited.
        await ws.SendAsync(new { type = "ping" });
        Assert.Equal("pong", (await ws.ReceiveAsync())?.GetProperty("type").GetString());

        var customerTexts = (await client.PostAsync("query($c: ID!) { conversation(id: $c) { messages(last: 50) { author text } } }", new { c = id }, customer)).Ok()
            .GetProperty("conversation").GetProperty("messages").EnumerateArray()
            .Where(m => m.GetProperty("author").GetString() == "CUSTOMER")
            .Select(m => m.GetProperty("text").GetString())
            .ToList();
        Assert.Equal(["first", "second", "third"], customerTexts);

        // Another customer's token has its own budget.
        var (otherId, otherCustomer) = await client.StartConversationAsync(tenant);
        (await client.PostAsync(Send, new { i = new { conversationId = otherId, text = "hello", clientMessageId = "o1" } }, otherCustomer)).Ok();
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, string query, object variables) =>
        http.PostAsJsonAsync("/graphql", new { query, variables });
}

/// <summary>Limits that cannot work stop the server at start instead of being ignored.</summary>
public sealed class RateLimitOptionsTests
{
    [Theory]
    [InlineData("Hitl:RateLimits:MaxRootFields", "0", "MaxRootFields")]
    [InlineData("Hitl:RateLimits:StartConversation:Burst", "0", "StartConversation")]
    [InlineData("Hitl:RateLimits:CustomerMessages:Period", "00:00:00", "CustomerMessages:Period")]
    [InlineData("Hitl:WebSocket:MaxSocketsPerClient", "0", "MaxSocketsPerClient")]
    [InlineData("Hitl:WebSocket:TokenRecheckInterval", "00:00:00", "TokenRecheckInterval")]
    public async Task A_limit_that_cannot_work_stops_the_server_at_start(string key, string value, string named)
    {
        var factory = new Infrastructure.HitlApiFactory(settings: new Dictionary<string, string> { [key] = value });
        try
        {
            var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
            var validation = Assert.IsType<Microsoft.Extensions.Options.OptionsValidationException>(Unwrap(error));
            Assert.Contains(named, validation.Message, StringComparison.Ordinal);
        }
        finally
        {
            await factory.DisposeAsync();
            factory.DeleteData();
        }
    }

    private static Exception Unwrap(Exception error) =>
        error is AggregateException { InnerExceptions.Count: 1 } aggregate ? Unwrap(aggregate.InnerExceptions[0]) : error;
}
