using System.Net;
using System.Net.WebSockets;
using Hitl.Api.Tests.Live;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Hitl.Api.Tests.Security;

/// <summary>
/// WebSocket limits: sockets per client address and in all, operation ids, the root-field cap over a socket, tokens
/// sent in the upgrade request, and sockets closed with 4403 when their token expires.
/// </summary>
[Collection(RateLimitCollection.Name)]
public sealed class WebSocketLimitTests(RateLimitFixture limits)
{
    private const string QueueSubscription = "subscription { queueChanged(queue: \"support\") { kind version } }";

    private LiveServer Server => limits.Limited;

    [Fact]
    public async Task A_client_over_its_socket_cap_is_refused_with_429_before_the_upgrade_and_its_open_sockets_and_other_clients_carry_on()
    {
        var address = RateLimitFixture.NewClientAddress();
        using var invoker = new HttpMessageInvoker(RateLimitFixture.From(address));
        var open = new List<WsClient>();
        try
        {
            for (var i = 0; i < RateLimitFixture.MaxSocketsPerClient; i++)
            {
                open.Add(await ReadyFromAsync(invoker));
            }

            Assert.Equal(HttpStatusCode.TooManyRequests, await RefusedUpgradeAsync(invoker));

            // The admitted sockets still work, and so does another client.
            await open[0].SubscribeAsync("q", "{ __typename }");
            Assert.Equal("next", (await open[0].ReceiveForAsync("q")).GetProperty("type").GetString());
            using var otherInvoker = new HttpMessageInvoker(RateLimitFixture.From(RateLimitFixture.NewClientAddress()));
            await using var other = await ReadyFromAsync(otherInvoker);
        }
        finally
        {
            foreach (var socket in open)
            {
                await socket.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Sockets_over_the_total_cap_are_refused_with_429_whatever_their_address()
    {
        var open = new List<(HttpMessageInvoker Invoker, WsClient Socket)>();
        try
        {
            HttpStatusCode? refused = null;
            for (var i = 0; i <= RateLimitFixture.MaxSockets && refused is null; i++)
            {
                var invoker = new HttpMessageInvoker(RateLimitFixture.From(RateLimitFixture.NewClientAddress()));
                try
                {
                    open.Add((invoker, await WsClient.ConnectAsync(Server.WebSocketUri, configure: null, invoker)));
                }
                catch (WebSocketException)
                {
                    refused = await RefusedUpgradeAsync(invoker);
                    invoker.Dispose();
                }
            }

            // Sockets of earlier tests may take a moment to be let go, so the cap may be met a little early; never late.
            Assert.Equal(HttpStatusCode.TooManyRequests, refused);
            Assert.InRange(open.Count, RateLimitFixture.MaxSockets - 2, RateLimitFixture.MaxSockets);
        }
        finally
        {
            foreach (var (invoker, socket) in open)
            {
                await socket.DisposeAsync();
                invoker.Dispose();
            }
        }
    }

    [Theory]
    [InlineData("subscribe")]
    [InlineData("complete")]
    public async Task An_operation_id_over_128_characters_closes_the_socket_with_4400_and_the_server_carries_on(string type)
    {
        await using var ws = await WsClient.ReadyAsync(Server.WebSocketUri, null);
        var id = new string('x', 129);
        await ws.SendAsync(type == "subscribe"
            ? new { id, type, payload = new { query = "{ __typename }" } }
            : (object)new { id, type });
        Assert.Equal(4400, await ws.ClosedAsync());

        // 128 characters are fine, and the same id twice closes with 4409 whose reason still fits a close frame.
        await using var fine = await WsClient.ReadyAsync(Server.WebSocketUri, null);
        var longest = new string('y', 128);
        await fine.SubscribeAsync(longest, "subscription { conversationChanged(id: \"nope\") { kind } }");
        Assert.Equal("error", (await fine.ReceiveForAsync(longest)).GetProperty("type").GetString());
        await fine.SubscribeAsync(longest, "{ __typename }");
        Assert.Equal("next", (await fine.ReceiveForAsync(longest)).GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_duplicate_operation_id_of_the_longest_allowed_length_closes_with_4409()
    {
        var (tenant, _) = await Server.Client.CreateTenantAsync();
        var (id, customer) = await RateLimitFixture.ClientFrom(Server, RateLimitFixture.NewClientAddress()).StartConversationAsync(tenant);
        await using var ws = await WsClient.ReadyAsync(Server.WebSocketUri, customer);
        var longest = new string('z', 128);
        const string Changes = "subscription($id: ID!) { conversationChanged(id: $id) { kind } }";
        await ws.SubscribeAsync(longest, Changes, new { id });
        await ws.NextAsync(longest, "conversationChanged");
        await ws.SubscribeAsync(longest, Changes, new { id });
        Assert.Equal(4409, await ws.ClosedAsync());
    }

    [Fact]
    public async Task The_root_field_cap_holds_over_a_socket_and_the_socket_stays_open()
    {
        await using var ws = await WsClient.ReadyAsync(Server.WebSocketUri, null);
        await ws.SubscribeAsync("six", "{ a: __typename b: __typename c: __typename d: __typename e: __typename f: __typename }");
        var error = await ws.ReceiveForAsync("six");
        Assert.Equal("error", error.GetProperty("type").GetString());
        Assert.Equal("RATE_LIMITED", error.GetProperty("payload")[0].GetProperty("extensions").GetProperty("code").GetString());

        await ws.SendAsync(new { type = "ping" });
        Assert.Equal("pong", (await ws.ReceiveAsync())?.GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_token_in_the_upgrade_header_is_validated_like_one_in_connection_init()
    {
        var (tenant, apiKey) = await Server.Client.CreateTenantAsync();
        var manager = await Server.Client.TokenAsync(tenant, apiKey, "MANAGER", "mia");

        // A forged token in the header: closed with 4403, like in connection_init.
        await using (var forged = await WsClient.ConnectAsync(Server.WebSocketUri, o => o.SetRequestHeader("Authorization", "Bearer " + manager[..^4] + "AAAA")))
        {
            await forged.SendAsync(new { type = "connection_init" });
            Assert.Equal(4403, await forged.ClosedAsync());
        }

        // No token: a staff subscription is refused and the socket carries on.
        await using (var anonymous = await WsClient.ReadyAsync(Server.WebSocketUri, null))
        {
            await anonymous.SubscribeAsync("q", QueueSubscription);
            var error = await anonymous.ReceiveForAsync("q");
            Assert.Equal("error", error.GetProperty("type").GetString());
            Assert.Equal("UNAUTHENTICATED", error.GetProperty("payload")[0].GetProperty("extensions").GetProperty("code").GetString());
        }

        // A valid token in the header: the staff subscription runs.
        await using var staff = await WsClient.ConnectAsync(Server.WebSocketUri, o => o.SetRequestHeader("Authorization", "Bearer " + manager));
        await staff.SendAsync(new { type = "connection_init" });
        Assert.Equal("connection_ack", (await staff.ReceiveAsync())?.GetProperty("type").GetString());
        await staff.SubscribeAsync("q", QueueSubscription);
        Assert.Equal("SNAPSHOT", (await staff.NextAsync("q", "queueChanged")).GetProperty("kind").GetString());
    }

    [Theory]
    [InlineData("connection_init")]
    [InlineData("upgrade header")]
    public async Task A_token_that_expires_on_an_open_socket_closes_it_with_4403(string sentIn)
    {
        var server = limits.ShortTokens;
        var (tenant, apiKey) = await server.Client.CreateTenantAsync();
        var manager = await server.Client.TokenAsync(tenant, apiKey, "MANAGER", "mia");

        await using var ws = sentIn == "connection_init"
            ? await WsClient.ReadyAsync(server.WebSocketUri, manager)
            : await ReadyWithHeaderAsync(server.WebSocketUri, manager);
        await ws.SubscribeAsync("q", QueueSubscription);
        await ws.NextAsync("q", "queueChanged");

        // Nothing else happens on the socket: the server closes it when the token's lifetime ends (5 s, no clock
        // skew; the periodic recheck is an hour away on this server).
        Assert.Equal(4403, await ws.ClosedAsync());
    }

    [Fact]
    public async Task A_token_that_stops_validating_while_its_socket_is_open_closes_the_socket_with_4403_at_the_next_recheck()
    {
        var (tenant, apiKey) = await Server.Client.CreateTenantAsync();
        var manager = await Server.Client.TokenAsync(tenant, apiKey, "MANAGER", "mia");
        await using var ws = await WsClient.ReadyAsync(Server.WebSocketUri, manager);
        await ws.SubscribeAsync("q", QueueSubscription);
        await ws.NextAsync("q", "queueChanged");

        // The token validator stops accepting the token (as it does for a revoked one): here, because the validation
        // parameters no longer trust its key. The socket's periodic recheck (1 s on this server) must notice.
        var bearer = Server.Factory.Services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);
        var trusted = bearer.TokenValidationParameters;
        var distrusting = trusted.Clone();
        distrusting.IssuerSigningKey = new SymmetricSecurityKey(new byte[32]);
        bearer.TokenValidationParameters = distrusting;
        try
        {
            Assert.Equal(4403, await ws.ClosedAsync());
        }
        finally
        {
            bearer.TokenValidationParameters = trusted;
        }
    }

    private async Task<WsClient> ReadyFromAsync(HttpMessageInvoker invoker)
    {
        var ws = await WsClient.ConnectAsync(Server.WebSocketUri, configure: null, invoker);
        await ws.SendAsync(new { type = "connection_init" });
        Assert.Equal("connection_ack", (await ws.ReceiveAsync())?.GetProperty("type").GetString());
        return ws;
    }

    private static async Task<WsClient> ReadyWithHeaderAsync(Uri uri, string token)
    {
        var ws = await WsClient.ConnectAsync(uri, o => o.SetRequestHeader("Authorization", "Bearer " + token));
        await ws.SendAsync(new { type = "connection_init" });
        Assert.Equal("connection_ack", (await ws.ReceiveAsync())?.GetProperty("type").GetString());
        return ws;
    }

    /// <summary>Tries an upgrade through <paramref name="invoker"/> that must fail, and returns the HTTP status the server answered.</summary>
    private async Task<HttpStatusCode> RefusedUpgradeAsync(HttpMessageInvoker invoker)
    {
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("graphql-transport-ws");
        socket.Options.CollectHttpResponseDetails = true;
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(Server.WebSocketUri, invoker, CancellationToken.None));
        return socket.HttpStatusCode;
    }
}
