using System.Text.Json;
using Hitl.Api.Tests.Infrastructure;

namespace Hitl.Api.Tests.Flows;

/// <summary>Escalated conversations wait in queues that managers and agents can read.</summary>
[Collection(ApiCollection.Name)]
public sealed class QueueFlowTests(ApiFixture fixture)
{
    private GraphQLClient Client => fixture.Client;

    [Fact]
    public async Task EscalationsWaitInTheirQueues_MostUrgentFirst_WithTheirConversationAndReasons()
    {
        var tenant = await Client.CreateTenantWithArticlesAsync();
        var (polite, politeToken) = await Client.StartConversationAsync(tenant.Id);
        var (legal, legalToken) = await Client.StartConversationAsync(tenant.Id);
        (await Client.PostAsync("mutation($id: ID!) { requestHuman(conversationId: $id) { id } }", new { id = polite }, politeToken)).Ok();
        (await Client.SendMessageAsync(legal, "my lawyer will be in touch", "m1", legalToken)).Ok();

        var queues = (await Client.PostAsync("{ queues { name waiting items { id kind queue priority reasons { reason } conversation { id status } } } }", token: tenant.ManagerToken)).Ok()
            .GetProperty("queues").EnumerateArray().ToDictionary(q => q.GetProperty("name").GetString()!, q => q);

        Assert.Contains("billing", queues.Keys);
        var support = queues["support"];
        Assert.Equal(1, support.GetProperty("waiting").GetInt32());
        var item = support.GetProperty("items")[0];
        Assert.Equal("HANDOFF", item.GetProperty("kind").GetString());
        Assert.Equal(polite, item.GetProperty("conversation").GetProperty("id").GetString());
        Assert.Equal("QUEUED", item.GetProperty("conversation").GetProperty("status").GetString());
        Assert.Equal("EXPLICIT_REQUEST", item.GetProperty("reasons")[0].GetProperty("reason").GetString());

        var legalQueue = (await Client.PostAsync("{ queue(name: \"legal\") { name waiting oldestWaitingSeconds items(first: 1) { priority conversation { id } } } }", token: tenant.ManagerToken)).Ok()
            .GetProperty("queue");
        Assert.Equal(1, legalQueue.GetProperty("waiting").GetInt32());
        Assert.Equal(3, legalQueue.GetProperty("items")[0].GetProperty("priority").GetInt32());
        Assert.Equal(legal, legalQueue.GetProperty("items")[0].GetProperty("conversation").GetProperty("id").GetString());
        Assert.True(legalQueue.GetProperty("oldestWaitingSeconds").GetDouble() >= 0);
    }

    [Fact]
    public async Task ResolvingAWaitingConversation_TakesItOutOfTheQueue()
    {
        var tenant = await Client.CreateTenantWithArticlesAsync();
        var (id, token) = await Client.StartConversationAsync(tenant.Id);
        (await Client.PostAsync("mutation($id: ID!) { requestHuman(conversationId: $id) { id } }", new { id }, token)).Ok();
        (await Client.PostAsync("mutation($id: ID!) { resolve(conversationId: $id) { status } }", new { id }, tenant.ManagerToken)).Ok();
        var support = (await Client.PostAsync("{ queue(name: \"support\") { waiting } }", token: tenant.ManagerToken)).Ok().GetProperty("queue");
        Assert.Equal(0, support.GetProperty("waiting").GetInt32());
    }

    [Fact]
    public async Task Permissions_CustomersSeeNoQueues_AgentsOnlyTheOnesTheyServe_UnknownQueuesAreNotFound()
    {
        var tenant = await Client.CreateTenantWithArticlesAsync();
        var (_, customer) = await Client.StartConversationAsync(tenant.Id);
        var agent = await Client.TokenAsync(tenant.Id, tenant.ApiKey, "AGENT", "ana");

        (await Client.PostAsync("{ queues { name } }", token: customer)).AssertError("FORBIDDEN");
        Assert.Equal(0, (await Client.PostAsync("{ queues { name } }", token: agent)).Ok().GetProperty("queues").GetArrayLength());
        (await Client.PostAsync("{ queue(name: \"support\") { name } }", token: agent)).AssertError("FORBIDDEN");
        var missing = await Client.PostAsync("{ queue(name: \"no-such-queue\") { name } }", token: tenant.ManagerToken);
        missing.AssertError("NOT_FOUND");
        Assert.Equal(JsonValueKind.Null, missing.Data.GetProperty("queue").ValueKind);
        (await Client.PostAsync("{ queue(name: \"support\") { items(first: 201) { id } } }", token: tenant.ManagerToken)).AssertError("BAD_USER_INPUT");
        (await Client.PostAsync("{ queue(name: \"bad name\") { name } }", token: tenant.ManagerToken)).AssertError("BAD_USER_INPUT");
    }
}
