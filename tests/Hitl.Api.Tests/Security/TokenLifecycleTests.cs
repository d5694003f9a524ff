using System.Globalization;
using System.IdentityModel.Tokens.Jwt;
using System.Text.Json;
using Hitl.Api.Tests.Infrastructure;
using Hitl.Api.Tests.Live;
using Hitl.Grains.Access;
using Microsoft.Extensions.DependencyInjection;

namespace Hitl.Api.Tests.Security;

/// <summary>Token ids, revocation by subject, refresh and API key rotation, sent as a user or an attacker would.</summary>
[Collection(ApiCollection.Name)]
public sealed class TokenLifecycleTests(ApiFixture fixture)
{
    private const string Revoke = "mutation($s: String!) { revokeTokens(subject: $s) }";
    private const string Refresh = "mutation { refreshToken { token role subject tenant expiresAt } }";
    private const string Rotate = "mutation { rotateApiKey { id name apiKey } }";
    private const string SetPresence = "mutation($i: SetPresenceInput!) { setPresence(input: $i) { id presence } }";
    private const string Agents = "{ agents { id presence } }";

    private GraphQLClient Client => fixture.Client;

    [Fact]
    public async Task Tokens_CarryARandomId_AndTheirIssueTime()
    {
        var (tenant, apiKey) = await Client.CreateTenantAsync();
        var first = Read(await Client.TokenAsync(tenant, apiKey, "AGENT", "ana"));
        var second = Read(await Client.TokenAsync(tenant, apiKey, "AGENT", "ana"));

        Assert.False(string.IsNullOrEmpty(first.Id));
        Assert.NotEqual(first.Id, second.Id);
        Assert.True(first.Payload.ContainsKey("jti"));
        Assert.InRange(first.IssuedAt, DateTime.UtcNow.AddMinutes(-5), DateTime.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task RevokedAgent_IsUnauthenticated_OnTheNextRequest_AndChangesNothing_WhileANewTokenWorks()
    {
        var (tenant, apiKey) = await Client.CreateTenantAsync();
        var admin = await Client.TokenAsync(tenant, apiKey, "ADMIN", "root");
        var manager = await Client.TokenAsync(tenant, apiKey, "MANAGER", "mia");
        var ana = await Client.TokenAsync(tenant, apiKey, "AGENT", "ana");
        var bob = await Client.TokenAsync(tenant, apiKey, "AGENT", "bob");
        (await Client.PostAsync("{ me { id } }", token: ana)).Ok();

        var revoked = (await Client.PostAsync(Revoke, new { s = "ana" }, admin)).Ok();
        Assert.Equal(1, revoked.GetProperty("revokeTokens").GetInt32());

        // Ana's old token: refused on the next request, over a query and a mutation, and her presence did not change.
        (await Client.PostAsync("{ me { id } }", token: ana)).AssertError("UNAUTHENTICATED");
        (await Client.PostAsync(SetPresence, new { i = new { presence = "ONLINE" } }, ana)).AssertError("UNAUTHENTICATED");
        (await Client.PostAsync(Refresh, token: ana)).AssertError("UNAUTHENTICATED");
        var agents = (await Client.PostAsync(Agents, token: manager)).Ok().GetProperty("agents");
        Assert.DoesNotContain(agents.EnumerateArray(), a => a.GetProperty("id").GetString() == "ana" && a.GetProperty("presence").GetString() == "ONLINE");

        // Another subject's token is untouched; a token issued to Ana after the revocation works.
        (await Client.PostAsync("{ me { id } }", token: bob)).Ok();
        var fresh = await Client.TokenAsync(tenant, apiKey, "AGENT", "ana");
        Assert.Equal("ONLINE", (await Client.PostAsync(SetPresence, new { i = new { presence = "ONLINE" } }, fresh)).Ok().GetProperty("setPresence").GetProperty("presence").GetString());
    }

    [Fact]
    public async Task RevokeTokens_IsForAdmins_AndAManagerOrAgentRevokesNothing()
    {
        var (tenant, apiKey) = await Client.CreateTenantAsync();
        var manager = await Client.TokenAsync(tenant, apiKey, "MANAGER", "mia");
        var ana = await Client.TokenAsync(tenant, apiKey, "AGENT", "ana");
        var (_, customer) = await Client.StartConversationAsync(tenant);

        (await Client.PostAsync(Revoke, new { s = "ana" }, manager)).AssertError("FORBIDDEN");
        (await Client.PostAsync(Revoke, new { s = "mia" }, ana)).AssertError("FORBIDDEN");
        (await Client.PostAsync(Revoke, new { s = "ana" }, customer)).AssertError("FORBIDDEN");
        (await Client.PostAsync(Revoke, new { s = "ana" })).AssertError("UNAUTHENTICATED");

        (await Client.PostAsync("{ me { id } }", token: ana)).Ok();
        (await Client.PostAsync(Agents, token: manager)).Ok();
    }

    [Fact]
    public async Task RevokeTokens_InOneTenant_LeavesTheSameSubjectInAnotherTenantAlone()
    {
        var (tenant, apiKey) = await Client.CreateTenantAsync();
        var (other, otherKey) = await Client.CreateTenantAsync();
        var admin = await Client.TokenAsync(tenant, apiKey, "ADMIN", "root");
        var otherAna = await Client.TokenAsync(other, otherKey, "AGENT", "ana");

        (await Client.PostAsync(Revoke, new { s = "ana" }, admin)).Ok();
        (await Client.PostAsync("{ me { id } }", token: otherAna)).Ok();
        (await Client.PostAsync(Revoke, new { s = "not a subject" }, admin)).AssertError("BAD_USER_INPUT");
    }

    [Fact]
    public async Task ARevocationMadeElsewhere_IsSeen_WhenTheCacheTimeHasPassed()
    {
        // Another API process revokes through the grain; this process has no copy to invalidate. With a zero cache
        // time, as after the cache time passed, the next request reads the grain's list.
        var factory = new HitlApiFactory(settings: new Dictionary<string, string>
        {
            ["Hitl:Jwt:RevocationCacheTtl"] = "00:00:00",
            ["Hitl:SeedDemo"] = "false",
        });
        try
        {
            var client = new GraphQLClient(factory.CreateClient());
            var (tenant, apiKey) = await client.CreateTenantAsync();
            var ana = await client.TokenAsync(tenant, apiKey, "AGENT", "ana");
            (await client.PostAsync("{ me { id } }", token: ana)).Ok();

            var grains = factory.Services.GetRequiredService<IGrainFactory>();
            Assert.Equal(1, await grains.GetGrain<ITokenRevocationGrain>(tenant).RevokeAsync("ana"));
            (await client.PostAsync("{ me { id } }", token: ana)).AssertError("UNAUTHENTICATED");
        }
        finally
        {
            await factory.DisposeAsync();
            factory.DeleteData();
        }
    }

    [Fact]
    public async Task RevokedToken_EndsItsSocket_AndIsRefusedOnANewOne_WhileAFreshOneConnects()
    {
        await using var server = new LiveServer();
        var client = server.Client;
        var (tenant, apiKey) = await client.CreateTenantAsync();
        var admin = await client.TokenAsync(tenant, apiKey, "ADMIN", "root");
        var ana = await client.TokenAsync(tenant, apiKey, "AGENT", "ana");
        await using var open = await WsClient.ReadyAsync(server.WebSocketUri, ana);
        (await client.PostAsync(Revoke, new { s = "ana" }, admin)).Ok();

        // A socket opened before the revocation: its next operation ends it.
        await open.SubscribeAsync("1", "subscription { __typename }");
        Assert.Equal(4403, await open.ClosedAsync());

        // A new socket with the revoked token is refused at connection_init.
        await using var socket = await WsClient.ConnectAsync(server.WebSocketUri);
        await socket.SendAsync(new { type = "connection_init", payload = new { authorization = "Bearer " + ana } });
        Assert.Equal(4403, await socket.ClosedAsync());

        var fresh = await client.TokenAsync(tenant, apiKey, "AGENT", "ana");
        await using var ok = await WsClient.ReadyAsync(server.WebSocketUri, fresh);
    }

    [Fact]
    public async Task RefreshToken_GivesAFreshTokenForTheSameCaller_AndCustomersAreForbidden()
    {
        var (tenant, apiKey) = await Client.CreateTenantAsync();
        foreach (var role in new[] { "AGENT", "MANAGER", "ADMIN" })
        {
            var token = await Client.TokenAsync(tenant, apiKey, role, "sam");
            var refreshed = (await Client.PostAsync(Refresh, token: token)).Ok().GetProperty("refreshToken");
            Assert.Equal(role, refreshed.GetProperty("role").GetString());
            Assert.Equal("sam", refreshed.GetProperty("subject").GetString());
            Assert.Equal(tenant, refreshed.GetProperty("tenant").GetString());
            var fresh = refreshed.GetProperty("token").GetString()!;
            Assert.NotEqual(token, fresh);
            Assert.NotEqual(Read(token).Id, Read(fresh).Id);
            Assert.Equal(tenant, Read(fresh).Payload["tenant"]);
            (await Client.PostAsync("{ me { id } }", token: fresh)).Ok();
        }

        var (conversation, customer) = await Client.StartConversationAsync(tenant);
        (await Client.PostAsync(Refresh, token: customer)).AssertError("FORBIDDEN");
        (await Client.PostAsync(Refresh)).AssertError("UNAUTHENTICATED");
        (await Client.PostAsync("query($id: ID!) { conversation(id: $id) { id } }", new { id = conversation }, customer)).Ok();
    }

    [Fact]
    public async Task RotateApiKey_ReturnsANewKeyOnce_AndTheOldKeyStopsAtOnce()
    {
        var (tenant, oldKey) = await Client.CreateTenantAsync();
        var admin = await Client.TokenAsync(tenant, oldKey, "ADMIN", "root");

        var rotated = (await Client.PostAsync(Rotate, token: admin)).Ok().GetProperty("rotateApiKey");
        Assert.Equal(tenant, rotated.GetProperty("id").GetString());
        var newKey = rotated.GetProperty("apiKey").GetString()!;
        Assert.StartsWith("hitl_", newKey, StringComparison.Ordinal);
        Assert.NotEqual(oldKey, newKey);

        (await Client.PostAsync(
            "mutation($i: CreateAccessTokenInput!) { createAccessToken(input: $i) { token } }",
            new { i = new { tenant, apiKey = oldKey, role = "ADMIN", subject = "root" } })).AssertError("UNAUTHENTICATED");
        var manager = await Client.TokenAsync(tenant, newKey, "MANAGER", "mia");
        (await Client.PostAsync(Agents, token: manager)).Ok();
    }

    [Fact]
    public async Task RotateApiKey_IsForAdmins_AndAManagerLeavesTheKeyAlone()
    {
        var (tenant, apiKey) = await Client.CreateTenantAsync();
        var manager = await Client.TokenAsync(tenant, apiKey, "MANAGER", "mia");
        var agent = await Client.TokenAsync(tenant, apiKey, "AGENT", "ana");

        (await Client.PostAsync(Rotate, token: manager)).AssertError("FORBIDDEN");
        (await Client.PostAsync(Rotate, token: agent)).AssertError("FORBIDDEN");
        (await Client.PostAsync(Rotate)).AssertError("UNAUTHENTICATED");
        Assert.NotEmpty(await Client.TokenAsync(tenant, apiKey, "ADMIN", "root"));
    }

    /// <summary>The token's id, its issue time (iat, to the millisecond) and its payload.</summary>
    internal static (string Id, DateTime IssuedAt, Dictionary<string, object> Payload) Read(string token)
    {
        var jwt = new JwtSecurityTokenHandler().ReadJwtToken(token);
        var payload = jwt.Payload.ToDictionary(p => p.Key, p => p.Value is JsonElement e ? (object)e.ToString() : p.Value);
        var iat = Convert.ToDouble(payload["iat"], CultureInfo.InvariantCulture);
        return (jwt.Id, DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(iat * 1000)).UtcDateTime, payload);
    }
}
