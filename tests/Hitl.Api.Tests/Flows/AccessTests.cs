using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Security.Claims;
using System.Text;
using Hitl.Api.Tests.Infrastructure;
using Microsoft.IdentityModel.Tokens;

namespace Hitl.Api.Tests.Flows;

/// <summary>Tenants, tokens and who may do what.</summary>
[Collection(ApiCollection.Name)]
public sealed class AccessTests(ApiFixture fixture)
{
    private GraphQLClient Client => fixture.Client;

    [Fact]
    public async Task CreateTenant_WithAWrongOperatorKey_IsUnauthenticated()
    {
        var response = await Client.PostAsync(
            "mutation($i: CreateTenantInput!) { createTenant(input: $i) { id } }",
            new { i = new { id = "sneaky", name = "Sneaky", operatorKey = "guess" } });
        response.AssertError("UNAUTHENTICATED");
    }

    [Theory]
    [InlineData("UPPER")]
    [InlineData("a")]
    [InlineData("has space")]
    [InlineData("has/slash")]
    public async Task CreateTenant_WithABadId_IsBadInput(string id)
    {
        var response = await Client.PostAsync(
            "mutation($i: CreateTenantInput!) { createTenant(input: $i) { id } }",
            new { i = new { id, name = "X", operatorKey = HitlApiFactory.OperatorKey } });
        response.AssertError("BAD_USER_INPUT");
    }

    [Fact]
    public async Task CreateTenant_Twice_Conflicts_AndTheFirstKeyKeepsWorking()
    {
        var (tenant, apiKey) = await Client.CreateTenantAsync();
        var again = await Client.PostAsync(
            "mutation($i: CreateTenantInput!) { createTenant(input: $i) { id } }",
            new { i = new { id = tenant, name = "Again", operatorKey = HitlApiFactory.OperatorKey } });
        again.AssertError("CONFLICT");
        Assert.NotEmpty(await Client.TokenAsync(tenant, apiKey, "ADMIN", "root"));
    }

    [Fact]
    public async Task CreateAccessToken_WithAWrongKey_OrUnknownTenant_IsUnauthenticated()
    {
        var (tenant, _) = await Client.CreateTenantAsync();
        const string Query = "mutation($i: CreateAccessTokenInput!) { createAccessToken(input: $i) { token } }";
        (await Client.PostAsync(Query, new { i = new { tenant, apiKey = "hitl_wrong", role = "AGENT", subject = "ana" } })).AssertError("UNAUTHENTICATED");
        (await Client.PostAsync(Query, new { i = new { tenant = "no-such-tenant", apiKey = "hitl_wrong", role = "AGENT", subject = "ana" } })).AssertError("UNAUTHENTICATED");
    }

    [Fact]
    public async Task CreateAccessToken_ReturnsAScopedToken()
    {
        var (tenant, apiKey) = await Client.CreateTenantAsync();
        var token = (await Client.PostAsync(
            "mutation($i: CreateAccessTokenInput!) { createAccessToken(input: $i) { token role subject tenant expiresAt } }",
            new { i = new { tenant, apiKey, role = "AGENT", subject = "ana" } })).Ok().GetProperty("createAccessToken");
        Assert.Equal("AGENT", token.GetProperty("role").GetString());
        Assert.Equal("ana", token.GetProperty("subject").GetString());
        Assert.Equal(tenant, token.GetProperty("tenant").GetString());
        Assert.True(DateTimeOffset.Parse(token.GetProperty("expiresAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task CreateAccessToken_ForACustomer_IsBadInput()
    {
        var (tenant, apiKey) = await Client.CreateTenantAsync();
        (await Client.PostAsync(
            "mutation($i: CreateAccessTokenInput!) { createAccessToken(input: $i) { token } }",
            new { i = new { tenant, apiKey, role = "CUSTOMER", subject = "someone" } })).AssertError("BAD_USER_INPUT");
    }

    [Fact]
    public async Task CustomerToken_OnAnotherConversation_IsForbidden_AndChangesNothing()
    {
        var tenant = await Client.CreateTenantWithArticlesAsync();
        var (mine, myToken) = await Client.StartConversationAsync(tenant.Id);
        var (theirs, theirToken) = await Client.StartConversationAsync(tenant.Id);

        (await Client.SendMessageAsync(theirs, "hello", "x1", myToken)).AssertError("FORBIDDEN");
        (await Client.PostAsync("query($id: ID!) { conversation(id: $id) { id } }", new { id = theirs }, myToken)).AssertError("FORBIDDEN");
        (await Client.PostAsync("mutation($id: ID!) { requestHuman(conversationId: $id) { id } }", new { id = theirs }, myToken)).AssertError("FORBIDDEN");

        var count = (await Client.PostAsync("query($id: ID!) { conversation(id: $id) { messageCount status } }", new { id = theirs }, theirToken)).Ok();
        Assert.Equal(0, count.GetProperty("conversation").GetProperty("messageCount").GetInt32());
        Assert.Equal("BOT", count.GetProperty("conversation").GetProperty("status").GetString());
        Assert.NotEqual(mine, theirs);
    }

    [Fact]
    public async Task Tokens_NeverReachAnotherTenant()
    {
        var first = await Client.CreateTenantWithArticlesAsync();
        var second = await Client.CreateTenantWithArticlesAsync();
        var (id, _) = await Client.StartConversationAsync(first.Id);

        // The tenant comes from the token: the second tenant's manager looks in its own tenant and finds nothing.
        (await Client.PostAsync("query($id: ID!) { conversation(id: $id) { id } }", new { id }, second.ManagerToken)).AssertError("NOT_FOUND");
        (await Client.PostAsync("mutation($id: ID!) { resolve(conversationId: $id) { id } }", new { id }, second.ManagerToken)).AssertError("NOT_FOUND");
    }

    [Fact]
    public async Task Agent_WritingToAConversationItDoesNotOwn_IsForbidden()
    {
        var tenant = await Client.CreateTenantWithArticlesAsync();
        var agent = await Client.TokenAsync(tenant.Id, tenant.ApiKey, "AGENT", "ana");
        var (id, customer) = await Client.StartConversationAsync(tenant.Id);
        (await Client.PostAsync("mutation($id: ID!) { requestHuman(conversationId: $id) { id } }", new { id }, customer)).Ok();

        (await Client.SendMessageAsync(id, "Hi, Ana here", "a1", agent)).AssertError("FORBIDDEN");
        (await Client.PostAsync("mutation($id: ID!) { resolve(conversationId: $id) { id } }", new { id }, agent)).AssertError("FORBIDDEN");
        var status = (await Client.PostAsync("query($id: ID!) { conversation(id: $id) { status messageCount } }", new { id }, customer)).Ok().GetProperty("conversation");
        Assert.Equal("QUEUED", status.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Agent_SeesAConversationItCouldClaim_ButNotOneTheBotHandles()
    {
        var tenant = await Client.CreateTenantWithArticlesAsync();
        var agent = await Client.TokenAsync(tenant.Id, tenant.ApiKey, "AGENT", "ana");
        var outsider = await Client.TokenAsync(tenant.Id, tenant.ApiKey, "AGENT", "otto");
        (await Client.PostAsync("mutation { setPresence(input: { presence: AWAY, queues: [\"support\"] }) { id } }", token: agent)).Ok();
        (await Client.PostAsync("mutation($a: ID!, $q: [String!]!) { setAgentQueues(agentId: $a, queues: $q) { id } }", new { a = "otto", q = new[] { "billing" } }, tenant.ManagerToken)).Ok();
        (await Client.PostAsync("mutation { setPresence(input: { presence: AWAY, queues: [\"billing\"] }) { id } }", token: outsider)).Ok();
        var (withBot, _) = await Client.StartConversationAsync(tenant.Id);
        var (waiting, customer) = await Client.StartConversationAsync(tenant.Id);
        (await Client.PostAsync("mutation($id: ID!) { requestHuman(conversationId: $id) { id } }", new { id = waiting }, customer)).Ok();

        (await Client.PostAsync("query($id: ID!) { conversation(id: $id) { id } }", new { id = withBot }, agent)).AssertError("FORBIDDEN");
        (await Client.PostAsync("query($id: ID!) { conversation(id: $id) { id status } }", new { id = waiting }, agent)).Ok();
        (await Client.PostAsync("query($id: ID!) { conversation(id: $id) { id status } }", new { id = waiting }, outsider)).AssertError("FORBIDDEN");
    }

    [Theory]
    [InlineData("AGENT", "{ policy { version } }")]
    [InlineData("AGENT", "mutation { updatePolicy(input: { slaSeconds: 10 }) { version } }")]
    [InlineData("AGENT", "mutation { upsertArticle(input: { title: \"t\", body: \"b\" }) { id } }")]
    [InlineData("AGENT", "mutation { deleteArticle(id: \"reset-password\") }")]
    public async Task StaffRoles_AreEnforced(string role, string query)
    {
        var tenant = await Client.CreateTenantWithArticlesAsync();
        var token = await Client.TokenAsync(tenant.Id, tenant.ApiKey, role, "someone");
        (await Client.PostAsync(query, token: token)).AssertError("FORBIDDEN");
    }

    [Fact]
    public async Task CustomerToken_CannotReadStaffData()
    {
        var tenant = await Client.CreateTenantWithArticlesAsync();
        var (_, customer) = await Client.StartConversationAsync(tenant.Id);
        (await Client.PostAsync("{ articles { id } }", token: customer)).AssertError("FORBIDDEN");
        (await Client.PostAsync("{ policy { version } }", token: customer)).AssertError("FORBIDDEN");
    }

    [Fact]
    public async Task NoToken_OnAProtectedField_IsUnauthenticated()
    {
        (await Client.PostAsync("{ policy { version } }")).AssertError("UNAUTHENTICATED");
        (await Client.PostAsync("mutation { sendMessage(input: { conversationId: \"c\", text: \"hi\", clientMessageId: \"1\" }) { message { id } } }")).AssertError("UNAUTHENTICATED");
    }

    [Fact]
    public async Task ExpiredToken_Is401Unauthenticated_AndNothingRuns()
    {
        var tenant = await Client.CreateTenantWithArticlesAsync();
        var expired = Sign(HitlApiFactory.SigningKey, tenant.Id, "MANAGER", DateTime.UtcNow.AddHours(-2), DateTime.UtcNow.AddHours(-1));
        var response = await Client.PostAsync("mutation { updatePolicy(input: { slaSeconds: 42 }) { version } }", token: expired);
        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        response.AssertError("UNAUTHENTICATED");

        var policy = (await Client.PostAsync("{ policy { slaSeconds version } }", token: tenant.ManagerToken)).Ok().GetProperty("policy");
        Assert.NotEqual(42, policy.GetProperty("slaSeconds").GetInt32());
        Assert.Equal(1, policy.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task TokenSignedWithAnotherKey_Is401Unauthenticated()
    {
        var tenant = await Client.CreateTenantWithArticlesAsync();
        var forged = Sign("some-other-key-that-is-long-enough-for-hs256!!", tenant.Id, "ADMIN", DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddHours(1));
        var response = await Client.PostAsync("{ policy { version } }", token: forged);
        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        response.AssertError("UNAUTHENTICATED");
    }

    [Fact]
    public async Task GarbageToken_Is401Unauthenticated()
    {
        var response = await Client.PostAsync("{ __typename }", token: "not-a-jwt");
        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        response.AssertError("UNAUTHENTICATED");
    }

    private static string Sign(string key, string tenant, string role, DateTime notBefore, DateTime expires)
    {
        var credentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256);
        var token = new JwtSecurityToken(
            issuer: "hitl",
            audience: "hitl",
            claims: [new Claim("tenant", tenant), new Claim("role", role), new Claim("sub", "mallory")],
            notBefore: notBefore,
            expires: expires,
            signingCredentials: credentials);
        return new JwtSecurityTokenHandler().WriteToken(token);
    }
}
