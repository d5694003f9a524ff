using System.Text.Json;
using Hitl.Api.Auth;
using Hitl.Api.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Hitl.Api.Tests.Live;

/// <summary>graphql-transport-ws, message by message and close code by close code.</summary>
[Collection(LiveCollection.Name)]
public sealed class TransportTests(LiveFixture live)
{
    private const string ConversationSubscription = "subscription($id: ID!) { conversationChanged(id: $id) { kind version message { author text } } }";

    private LiveServer Server => live.Server;

    [Fact]
    public async Task Init_is_acknowledged_and_ping_gets_pong()
    {
        var (_, customer) = await CustomerAsync(Server);
        await using var ws = await WsClient.ReadyAsync(Server.WebSocketUri, customer);
        Assert.Equal("graphql-transport-ws", ws.SubProtocol);

        await ws.SendAsync(new { type = "pong" });
        await ws.SendAsync(new { type = "ping" });
        Assert.Equal("pong", (await ws.ReceiveAsync())?.GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_socket_without_the_subprotocol_is_closed_with_4406()
    {
        await using var ws = await WsClient.ConnectAsync(Server.WebSocketUri, subProtocol: null);
        Assert.Equal(4406, await ws.ClosedAsync());
    }

    [Fact]
    public async Task A_socket_that_never_initialises_is_closed_with_4408()
    {
        await using var ws = await WsClient.ConnectAsync(live.Tight.WebSocketUri);
        Assert.Equal(4408, await ws.ClosedAsync());
    }

    [Fact]
    public async Task Subscribe_before_the_ack_closes_with_4401()
    {
        await using var ws = await WsClient.ConnectAsync(Server.WebSocketUri);
        await ws.SubscribeAsync("1", "{ __typename }");
        Assert.Equal(4401, await ws.ClosedAsync());
    }

    [Fact]
    public async Task A_second_connection_init_closes_with_4429()
    {
        await using var ws = await WsClient.ReadyAsync(Server.WebSocketUri, null);
        await ws.SendAsync(new { type = "connection_init" });
        Assert.Equal(4429, await ws.ClosedAsync());
    }

    [Fact]
    public async Task A_duplicate_operation_id_closes_with_4409()
    {
        var (id, customer) = await CustomerAsync(Server);
        await using var ws = await WsClient.ReadyAsync(Server.WebSocketUri, customer);
        await ws.SubscribeAsync("same", ConversationSubscription, new { id });
        await ws.NextAsync("same", "conversationChanged");
        await ws.SubscribeAsync("same", ConversationSubscription, new { id });
        Assert.Equal(4409, await ws.ClosedAsync());
    }

    [Theory]
    [InlineData("{\"type\":\"shout\"}")]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("{\"id\":\"1\",\"type\":\"subscribe\",\"payload\":{}}")]
    [InlineData("{\"id\":\"\",\"type\":\"subscribe\",\"payload\":{\"query\":\"{ __typename }\"}}")]
    [InlineData("{\"id\":\"1\",\"type\":\"subscribe\",\"payload\":{\"query\":\"{ __typename }\",\"variables\":[1]}}")]
    [InlineData("{\"type\":\"connection_ack\"}")]
    [InlineData("{\"type\":\"next\",\"id\":\"1\"}")]
    public async Task Invalid_messages_close_with_4400_and_other_sockets_carry_on(string text)
    {
        await using var other = await WsClient.ReadyAsync(Server.WebSocketUri, null);
        await using var ws = await WsClient.ReadyAsync(Server.WebSocketUri, null);
        await ws.SendTextAsync(text);
        Assert.Equal(4400, await ws.ClosedAsync());

        await other.SubscribeAsync("q", "{ __typename }");
        var next = await other.ReceiveForAsync("q");
        Assert.Equal("Query", next.GetProperty("payload").GetProperty("data").GetProperty("__typename").GetString());
    }

    [Fact]
    public async Task A_bad_token_in_connection_init_closes_with_4403()
    {
        await using var ws = await WsClient.ConnectAsync(Server.WebSocketUri);
        await ws.SendAsync(new { type = "connection_init", payload = new { authorization = "Bearer not-a-token" } });
        Assert.Equal(4403, await ws.ClosedAsync());
    }

    [Fact]
    public async Task A_token_that_expires_while_connected_closes_the_socket_with_4403_on_the_next_subscribe()
    {
        var tight = live.Tight;
        var (tenant, apiKey) = await tight.Client.CreateTenantAsync();
        _ = apiKey;
        var expires = DateTime.UtcNow.AddSeconds(2);
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "hitl",
            Audience = "hitl",
            Claims = new Dictionary<string, object>
            {
                [HitlClaims.Tenant] = tenant,
                [HitlClaims.Role] = "MANAGER",
                [HitlClaims.Subject] = "mia",
            },
            NotBefore = DateTime.UtcNow.AddSeconds(-5),
            IssuedAt = DateTime.UtcNow.AddSeconds(-5),
            Expires = expires,
            SigningCredentials = new SigningCredentials(TokenService.KeyFrom(HitlApiFactory.SigningKey), SecurityAlgorithms.HmacSha256),
        });

        await using var ws = await WsClient.ReadyAsync(tight.WebSocketUri, token);
        await ws.SubscribeAsync("1", "{ policy { defaultQueue } }");
        Assert.Equal("support", (await ws.ReceiveForAsync("1")).GetProperty("payload").GetProperty("data").GetProperty("policy").GetProperty("defaultQueue").GetString());
        await ws.ReceiveForAsync("1", m => m.GetProperty("type").GetString() == "complete");

        // Wait for the token's lifetime to pass (the tight server allows no clock skew).
        while (DateTime.UtcNow <= expires.AddMilliseconds(200))
        {
            await Task.Delay(50);
        }

        await ws.SubscribeAsync("2", "{ policy { defaultQueue } }");
        Assert.Equal(4403, await ws.ClosedAsync());
    }

    [Fact]
    public async Task Queries_and_mutations_run_over_the_socket_and_complete()
    {
        var (id, customer) = await CustomerAsync(Server);
        await using var ws = await WsClient.ReadyAsync(Server.WebSocketUri, customer);
        await ws.SubscribeAsync("q", "query($id: ID!) { conversation(id: $id) { id status } }", new { id });
        var next = await ws.ReceiveForAsync("q");
        Assert.Equal("next", next.GetProperty("type").GetString());
        Assert.Equal(id, next.GetProperty("payload").GetProperty("data").GetProperty("conversation").GetProperty("id").GetString());
        Assert.Equal("complete", (await ws.ReceiveForAsync("q")).GetProperty("type").GetString());

        await ws.SubscribeAsync("m", "mutation($id: ID!) { requestHuman(conversationId: $id) { status } }", new { id });
        var mutation = await ws.ReceiveForAsync("m");
        Assert.Equal("QUEUED", mutation.GetProperty("payload").GetProperty("data").GetProperty("requestHuman").GetProperty("status").GetString());
        Assert.Equal("complete", (await ws.ReceiveForAsync("m")).GetProperty("type").GetString());
    }

    [Fact]
    public async Task An_invalid_query_gets_an_error_message_and_the_socket_stays_open()
    {
        await using var ws = await WsClient.ReadyAsync(Server.WebSocketUri, null);
        await ws.SubscribeAsync("bad", "subscription { nothingHere }");
        var error = await ws.ReceiveForAsync("bad");
        Assert.Equal("error", error.GetProperty("type").GetString());
        Assert.Equal("GRAPHQL_VALIDATION_FAILED", error.GetProperty("payload")[0].GetProperty("extensions").GetProperty("code").GetString());

        await ws.SubscribeAsync("parse", "subscription {");
        var parse = await ws.ReceiveForAsync("parse");
        Assert.Equal("error", parse.GetProperty("type").GetString());
        Assert.Equal("GRAPHQL_PARSE_FAILED", parse.GetProperty("payload")[0].GetProperty("extensions").GetProperty("code").GetString());

        await ws.SendAsync(new { type = "ping" });
        Assert.Equal("pong", (await ws.ReceiveAsync())?.GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_subscription_the_caller_may_not_see_gets_an_error_message_and_the_socket_stays_open()
    {
        var (id, customer) = await CustomerAsync(Server);
        await using var ws = await WsClient.ReadyAsync(Server.WebSocketUri, customer);
        await ws.SubscribeAsync("queues", "subscription { queueChanged { version } }");
        var error = await ws.ReceiveForAsync("queues");
        Assert.Equal("error", error.GetProperty("type").GetString());
        Assert.Equal("FORBIDDEN", error.GetProperty("payload")[0].GetProperty("extensions").GetProperty("code").GetString());

        await ws.SubscribeAsync("own", ConversationSubscription, new { id });
        Assert.Equal("SNAPSHOT", (await ws.NextAsync("own", "conversationChanged")).GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Complete_from_the_client_stops_the_subscription()
    {
        var (id, customer) = await CustomerAsync(Server);
        await using var ws = await WsClient.ReadyAsync(Server.WebSocketUri, customer);
        await ws.SubscribeAsync("a", ConversationSubscription, new { id });
        await ws.NextAsync("a", "conversationChanged");
        await ws.SendAsync(new { id = "a", type = "complete" });
        await ws.SubscribeAsync("b", ConversationSubscription, new { id });
        await ws.NextAsync("b", "conversationChanged");

        (await Server.Client.SendMessageAsync(id, "How do I reset my password?", "m1", customer)).Ok();

        // Both would receive the event in the same fan-out: "a" must not appear before "b" has it.
        while (true)
        {
            var message = await ws.ReceiveAsync() ?? throw new Xunit.Sdk.XunitException("closed");
            var opId = message.TryGetProperty("id", out var got) ? got.GetString() : null;
            Assert.NotEqual("a", opId);
            if (opId == "b" && message.GetProperty("payload").GetProperty("data").GetProperty("conversationChanged").GetProperty("kind").GetString() == "MESSAGE")
            {
                break;
            }
        }
    }

    [Fact]
    public async Task A_message_over_the_size_limit_closes_with_1009()
    {
        await using var ws = await WsClient.ReadyAsync(live.Tight.WebSocketUri, null);
        await ws.SubscribeAsync("big", "{ __typename }" + new string(' ', 4096));
        Assert.Equal(1009, await ws.ClosedAsync());
    }

    [Fact]
    public async Task More_operations_than_the_limit_get_an_error_and_the_socket_stays_open()
    {
        var tight = live.Tight;
        var (tenant, _) = await tight.Client.CreateTenantAsync();
        var (id, customer) = await tight.Client.StartConversationAsync(tenant);
        await using var ws = await WsClient.ReadyAsync(tight.WebSocketUri, customer);
        await ws.SubscribeAsync("1", ConversationSubscription, new { id });
        await ws.NextAsync("1", "conversationChanged");
        await ws.SubscribeAsync("2", ConversationSubscription, new { id });
        await ws.NextAsync("2", "conversationChanged");
        await ws.SubscribeAsync("3", ConversationSubscription, new { id });
        var error = await ws.ReceiveForAsync("3");
        Assert.Equal("error", error.GetProperty("type").GetString());
        Assert.Equal("TOO_MANY_SUBSCRIPTIONS", error.GetProperty("payload")[0].GetProperty("extensions").GetProperty("code").GetString());

        await ws.SendAsync(new { id = "1", type = "complete" });
        await ws.SubscribeAsync("4", ConversationSubscription, new { id });
        Assert.Equal("SNAPSHOT", (await ws.NextAsync("4", "conversationChanged")).GetProperty("kind").GetString());
    }

    [Fact]
    public async Task The_server_echoes_the_clients_close_code()
    {
        await using var ws = await WsClient.ReadyAsync(Server.WebSocketUri, null);
        using var socket = new System.Net.WebSockets.ClientWebSocket();
        socket.Options.AddSubProtocol("graphql-transport-ws");
        await socket.ConnectAsync(Server.WebSocketUri, CancellationToken.None);
        await socket.CloseAsync((System.Net.WebSockets.WebSocketCloseStatus)4321, "bye", CancellationToken.None);
        Assert.Equal(4321, (int?)socket.CloseStatus);
        Assert.Equal(System.Net.WebSockets.WebSocketState.Closed, socket.State);
    }

    private static async Task<(string Id, string Token)> CustomerAsync(LiveServer server)
    {
        var (tenant, _) = await server.Client.CreateTenantAsync();
        return await server.Client.StartConversationAsync(tenant);
    }

    internal static JsonElement Data(JsonElement message) => message.GetProperty("payload").GetProperty("data");
}
