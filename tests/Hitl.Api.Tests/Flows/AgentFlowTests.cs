using Hitl.Api.Tests.Infrastructure;

namespace Hitl.Api.Tests.Flows;

/// <summary>Agents set presence, capacity and queues; managers see every agent.</summary>
[Collection(ApiCollection.Name)]
public sealed class AgentFlowTests(ApiFixture fixture)
{
    private GraphQLClient Client => fixture.Client;

    private const string SetPresence = "mutation($i: SetPresenceInput!) { setPresence(input: $i) { id presence capacity queues load assignments { id } } }";

    [Fact]
    public async Task AnAgent_SetsPresence_SeesItselfAndTheQueuesItServes()
    {
        var tenant = await Client.CreateTenantWithArticlesAsync();
        var agent = await Client.TokenAsync(tenant.Id, tenant.ApiKey, "AGENT", "ana");
        (await Client.PostAsync("mutation($a: ID!, $q: [String!]!) { setAgentQueues(agentId: $a, queues: $q) { id } }", new { a = "ana", q = new[] { "support", "billing" } }, tenant.ManagerToken)).Ok();

        var set = (await Client.PostAsync(SetPresence, new { i = new { presence = "ONLINE", capacity = 4, queues = new[] { "support", "billing" } } }, agent)).Ok().GetProperty("setPresence");
        Assert.Equal("ana", set.GetProperty("id").GetString());
        Assert.Equal("ONLINE", set.GetProperty("presence").GetString());
        Assert.Equal(4, set.GetProperty("capacity").GetInt32());
        Assert.Equal(0, set.GetProperty("load").GetInt32());

        var me = (await Client.PostAsync("{ me { id presence capacity queues } }", token: agent)).Ok().GetProperty("me");
        Assert.Equal(["support", "billing"], me.GetProperty("queues").EnumerateArray().Select(q => q.GetString()));

        var queues = (await Client.PostAsync("{ queues { name } }", token: agent)).Ok().GetProperty("queues");
        Assert.Equal(["billing", "support"], queues.EnumerateArray().Select(q => q.GetProperty("name").GetString()));
        (await Client.PostAsync("{ queue(name: \"support\") { waiting } }", token: agent)).Ok();
        (await Client.PostAsync("{ queue(name: \"legal\") { waiting } }", token: agent)).AssertError("FORBIDDEN");

        // Presence alone keeps capacity and queues.
        var away = (await Client.PostAsync(SetPresence, new { i = new { presence = "AWAY" } }, agent)).Ok().GetProperty("setPresence");
        Assert.Equal("AWAY", away.GetProperty("presence").GetString());
        Assert.Equal(4, away.GetProperty("capacity").GetInt32());
    }

    [Fact]
    public async Task Managers_SeeEveryAgent_AgentsAndCustomersDoNot()
    {
        var tenant = await Client.CreateTenantWithArticlesAsync();
        foreach (var name in new[] { "ana", "bob" })
        {
            var token = await Client.TokenAsync(tenant.Id, tenant.ApiKey, "AGENT", name);
            (await Client.PostAsync(SetPresence, new { i = new { presence = "ONLINE", queues = new[] { "support" } } }, token)).Ok();
        }

        var agents = (await Client.PostAsync("{ agents { id presence capacity } }", token: tenant.ManagerToken)).Ok().GetProperty("agents");
        Assert.Equal(["ana", "bob"], agents.EnumerateArray().Select(a => a.GetProperty("id").GetString()));
        Assert.Equal(3, agents[0].GetProperty("capacity").GetInt32());

        var other = await Client.CreateTenantWithArticlesAsync();
        Assert.Equal(0, (await Client.PostAsync("{ agents { id } }", token: other.ManagerToken)).Ok().GetProperty("agents").GetArrayLength());

        var agent = await Client.TokenAsync(tenant.Id, tenant.ApiKey, "AGENT", "ana");
        (await Client.PostAsync("{ agents { id } }", token: agent)).AssertError("FORBIDDEN");
        var (_, customer) = await Client.StartConversationAsync(tenant.Id);
        (await Client.PostAsync("{ me { id } }", token: customer)).AssertError("FORBIDDEN");
        (await Client.PostAsync(SetPresence, new { i = new { presence = "ONLINE" } }, customer)).AssertError("FORBIDDEN");
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(51)]
    public async Task CapacityOutOfRange_IsBadInput_AndChangesNothing(int capacity)
    {
        var tenant = await Client.CreateTenantWithArticlesAsync();
        var agent = await Client.TokenAsync(tenant.Id, tenant.ApiKey, "AGENT", "ana");
        (await Client.PostAsync(SetPresence, new { i = new { presence = "ONLINE", capacity = 2 } }, agent)).Ok();
        (await Client.PostAsync(SetPresence, new { i = new { presence = "OFFLINE", capacity } }, agent)).AssertError("BAD_USER_INPUT");
        var me = (await Client.PostAsync("{ me { presence capacity } }", token: agent)).Ok().GetProperty("me");
        Assert.Equal("ONLINE", me.GetProperty("presence").GetString());
        Assert.Equal(2, me.GetProperty("capacity").GetInt32());
    }

    [Fact]
    public async Task ABadQueueName_IsBadInput()
    {
        var tenant = await Client.CreateTenantWithArticlesAsync();
        var agent = await Client.TokenAsync(tenant.Id, tenant.ApiKey, "AGENT", "ana");
        (await Client.PostAsync(SetPresence, new { i = new { presence = "ONLINE", queues = new[] { "not a queue" } } }, agent)).AssertError("BAD_USER_INPUT");
    }
}
