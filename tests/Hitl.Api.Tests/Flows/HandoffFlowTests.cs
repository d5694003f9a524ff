using System.Text.Json;
using Hitl.Api.Tests.Infrastructure;

namespace Hitl.Api.Tests.Flows;

/// <summary>The handoff through the API: escalate, take the work, answer, resolve.</summary>
[Collection(ApiCollection.Name)]
public sealed class HandoffFlowTests(ApiFixture fixture)
{
    private GraphQLClient Client => fixture.Client;

    private async Task<string> AgentAsync(TestTenant tenant, string name, string presence, int capacity = 2)
    {
        var token = await Client.TokenAsync(tenant.Id, tenant.ApiKey, "AGENT", name);
        (await Client.PostAsync(
            "mutation($i: SetPresenceInput!) { setPresence(input: $i) { id } }",
            new { i = new { presence, capacity, queues = new[] { "support" } } },
            token)).Ok();
        return token;
    }

    private async Task<(string Id, string Token)> EscalatedAsync(TestTenant tenant)
    {
        var (id, token) = await Client.StartConversationAsync(tenant.Id);
        (await Client.PostAsync("mutation($id: ID!) { requestHuman(conversationId: $id) { id } }", new { id }, token)).Ok();
        return (id, token);
    }

    [Fact]
    public async Task AcceptNext_Answer_Resolve_AndAClaimOfTheTakenItemConflicts()
    {
        var tenant = await Client.CreateTenantWithArticlesAsync();
        var ana = await AgentAsync(tenant, "ana", "AWAY");
        var bob = await AgentAsync(tenant, "bob", "AWAY");
        var (id, customer) = await EscalatedAsync(tenant);

        var item = (await Client.PostAsync("mutation { acceptNext(queue: \"support\") { id kind assignedTo conversation { id status owner { kind agentId } } } }", token: ana)).Ok()
            .GetProperty("acceptNext");
        Assert.Equal("HANDOFF", item.GetProperty("kind").GetString());
        Assert.Equal("ana", item.GetProperty("assignedTo").GetString());
        Assert.Equal(id, item.GetProperty("conversation").GetProperty("id").GetString());
        Assert.Equal("HUMAN", item.GetProperty("conversation").GetProperty("status").GetString());
        Assert.Equal("ana", item.GetProperty("conversation").GetProperty("owner").GetProperty("agentId").GetString());

        (await Client.PostAsync("mutation($w: ID!) { claim(workItemId: $w) { id } }", new { w = item.GetProperty("id").GetString() }, bob)).AssertError("CONFLICT");
        Assert.Equal(JsonValueKind.Null, (await Client.PostAsync("mutation { acceptNext { id } }", token: bob)).Ok().GetProperty("acceptNext").ValueKind);

        var answer = (await Client.SendMessageAsync(id, "Hi, this is Ana. I'll help you.", "a1", ana)).Ok().GetProperty("sendMessage");
        Assert.Equal("AGENT", answer.GetProperty("message").GetProperty("author").GetString());
        (await Client.SendMessageAsync(id, "I can answer too", "b1", bob)).AssertError("FORBIDDEN");

        // Staff see the escalation and the agent's id; the customer sees the agent by display name only.
        var transcript = (await Client.PostAsync("query($id: ID!) { conversation(id: $id) { escalation { firstHumanResponseAt } messages { author authorId } } }", new { id }, tenant.ManagerToken)).Ok()
            .GetProperty("conversation");
        Assert.NotEqual(JsonValueKind.Null, transcript.GetProperty("escalation").GetProperty("firstHumanResponseAt").ValueKind);
        var last = transcript.GetProperty("messages")[transcript.GetProperty("messages").GetArrayLength() - 1];
        Assert.Equal("ana", last.GetProperty("authorId").GetString());
        var seen = (await Client.PostAsync("query($id: ID!) { conversation(id: $id) { messages { author authorName } } }", new { id }, customer)).Ok()
            .GetProperty("conversation").GetProperty("messages");
        Assert.Equal("Support", seen[seen.GetArrayLength() - 1].GetProperty("authorName").GetString());

        (await Client.PostAsync("mutation($id: ID!) { resolve(conversationId: $id) { status } }", new { id }, ana)).Ok();
        Assert.Equal(0, (await Client.PostAsync("{ me { load } }", token: ana)).Ok().GetProperty("me").GetProperty("load").GetInt32());
    }

    [Fact]
    public async Task AnOnlineAgent_IsAssignedAutomatically()
    {
        var tenant = await Client.CreateTenantWithArticlesAsync();
        var ana = await AgentAsync(tenant, "ana", "ONLINE");
        var (id, _) = await EscalatedAsync(tenant);

        var deadline = DateTime.UtcNow.AddSeconds(10);
        JsonElement me;
        do
        {
            me = (await Client.PostAsync("{ me { load assignments { assignedTo conversation { id status } } } }", token: ana)).Ok().GetProperty("me");
        }
        // The agent's slot is reserved before the conversation accepts: wait for the conversation's side too.
        while (!Accepted(me) && DateTime.UtcNow < deadline && await Tick());

        var assignment = Assert.Single(me.GetProperty("assignments").EnumerateArray());
        Assert.Equal(id, assignment.GetProperty("conversation").GetProperty("id").GetString());
        Assert.Equal("HUMAN", assignment.GetProperty("conversation").GetProperty("status").GetString());

        static bool Accepted(JsonElement me) =>
            me.GetProperty("assignments").EnumerateArray().Any(a => a.GetProperty("conversation").GetProperty("status").GetString() == "HUMAN");
    }

    [Fact]
    public async Task Claim_BadIds_AndQueuesTheAgentDoesNotServe_AreRejected()
    {
        var tenant = await Client.CreateTenantWithArticlesAsync();
        var ana = await AgentAsync(tenant, "ana", "AWAY");
        (await Client.PostAsync("mutation { claim(workItemId: \"nonsense\") { id } }", token: ana)).AssertError("BAD_USER_INPUT");
        (await Client.PostAsync("mutation { claim(workItemId: \"legal~e_x\") { id } }", token: ana)).AssertError("FORBIDDEN");
        (await Client.PostAsync("mutation { claim(workItemId: \"support~e_missing\") { id } }", token: ana)).AssertError("CONFLICT");
        (await Client.PostAsync("mutation { acceptNext(queue: \"legal\") { id } }", token: ana)).AssertError("FORBIDDEN");
    }

    [Fact]
    public async Task HandBack_GivesTheConversationToTheBot_AndFreesTheAgent()
    {
        var tenant = await Client.CreateTenantWithArticlesAsync();
        var ana = await AgentAsync(tenant, "ana", "AWAY");
        var (id, customer) = await EscalatedAsync(tenant);
        (await Client.PostAsync("mutation { acceptNext { id } }", token: ana)).Ok();
        var bob = await AgentAsync(tenant, "bob", "AWAY");
        (await Client.PostAsync("mutation($id: ID!) { handBack(conversationId: $id) { status } }", new { id }, bob)).AssertError("FORBIDDEN");

        var back = (await Client.PostAsync("mutation($id: ID!) { handBack(conversationId: $id) { status owner { kind } escalation { id } } }", new { id }, ana)).Ok().GetProperty("handBack");
        Assert.Equal("BOT", back.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, back.GetProperty("escalation").ValueKind);
        Assert.Equal(0, (await Client.PostAsync("{ me { load } }", token: ana)).Ok().GetProperty("me").GetProperty("load").GetInt32());

        var reply = (await Client.SendMessageAsync(id, "How do I share a folder?", "after", customer)).Ok().GetProperty("sendMessage").GetProperty("reply");
        Assert.Equal(JsonValueKind.Object, reply.ValueKind);
        (await Client.PostAsync("mutation($id: ID!) { handBack(conversationId: $id) { status } }", new { id }, tenant.ManagerToken)).AssertError("CONFLICT");
    }

    [Fact]
    public async Task Rating_OnlyOnceResolved_OnlyOnce_OnlyOneToFive_OnlyByTheCustomer()
    {
        var tenant = await Client.CreateTenantWithArticlesAsync();
        var (id, customer) = await Client.StartConversationAsync(tenant.Id, "How do I share a folder?");
        const string Rate = "mutation($id: ID!, $s: Int!) { rateConversation(conversationId: $id, score: $s) { csat } }";
        (await Client.PostAsync(Rate, new { id, s = 5 }, customer)).AssertError("CONFLICT");
        (await Client.PostAsync("mutation($id: ID!) { resolve(conversationId: $id) { status } }", new { id }, tenant.ManagerToken)).Ok();

        (await Client.PostAsync(Rate, new { id, s = 0 }, customer)).AssertError("BAD_USER_INPUT");
        (await Client.PostAsync(Rate, new { id, s = 6 }, customer)).AssertError("BAD_USER_INPUT");
        (await Client.PostAsync(Rate, new { id, s = 4 }, tenant.ManagerToken)).AssertError("FORBIDDEN");
        Assert.Equal(4, (await Client.PostAsync(Rate, new { id, s = 4 }, customer)).Ok().GetProperty("rateConversation").GetProperty("csat").GetInt32());
        (await Client.PostAsync(Rate, new { id, s = 1 }, customer)).AssertError("CONFLICT");
        var csat = (await Client.PostAsync("query($id: ID!) { conversation(id: $id) { csat } }", new { id }, customer)).Ok().GetProperty("conversation").GetProperty("csat").GetInt32();
        Assert.Equal(4, csat);
    }

    [Fact]
    public async Task Transfer_ToAQueue_CarriesTheReasons_AndFreesTheAgent_ToAnAgent_MovesOwnership()
    {
        var tenant = await Client.CreateTenantWithArticlesAsync();
        var ana = await AgentAsync(tenant, "ana", "AWAY");
        var bob = await AgentAsync(tenant, "bob", "AWAY");
        var (id, _) = await EscalatedAsync(tenant);
        (await Client.PostAsync("mutation { acceptNext { id } }", token: ana)).Ok();
        const string Transfer = "mutation($i: TransferInput!) { transfer(input: $i) { status owner { kind queue agentId } escalation { queue reasons { reason detail } } escalations { id } } }";

        (await Client.PostAsync(Transfer, new { i = new { conversationId = id, queue = "billing" } }, bob)).AssertError("FORBIDDEN");
        (await Client.PostAsync(Transfer, new { i = new { conversationId = id, queue = "nowhere" } }, ana)).AssertError("BAD_USER_INPUT");
        (await Client.PostAsync(Transfer, new { i = new { conversationId = id } }, ana)).AssertError("BAD_USER_INPUT");

        var toBilling = (await Client.PostAsync(Transfer, new { i = new { conversationId = id, queue = "billing", note = "invoice question" } }, ana)).Ok().GetProperty("transfer");
        Assert.Equal("QUEUED", toBilling.GetProperty("status").GetString());
        Assert.Equal("billing", toBilling.GetProperty("owner").GetProperty("queue").GetString());
        var reasons = toBilling.GetProperty("escalation").GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("reason").GetString()).ToList();
        Assert.Equal(["MANUAL", "EXPLICIT_REQUEST"], reasons);
        Assert.Equal(2, toBilling.GetProperty("escalations").GetArrayLength());
        Assert.Equal(0, (await Client.PostAsync("{ me { load } }", token: ana)).Ok().GetProperty("me").GetProperty("load").GetInt32());
        Assert.Equal(1, (await Client.PostAsync("{ queue(name: \"billing\") { waiting } }", token: tenant.ManagerToken)).Ok().GetProperty("queue").GetProperty("waiting").GetInt32());

        var carl = await Client.TokenAsync(tenant.Id, tenant.ApiKey, "AGENT", "carl");
        (await Client.PostAsync("mutation($a: ID!, $q: [String!]!) { setAgentQueues(agentId: $a, queues: $q) { id } }", new { a = "carl", q = new[] { "billing" } }, tenant.ManagerToken)).Ok();
        (await Client.PostAsync("mutation($i: SetPresenceInput!) { setPresence(input: $i) { id } }", new { i = new { presence = "OFFLINE", queues = new[] { "billing" } } }, carl)).Ok();
        (await Client.PostAsync(Transfer, new { i = new { conversationId = id, agentId = "carl" } }, tenant.ManagerToken)).AssertError("CONFLICT");

        var toBob = (await Client.PostAsync(Transfer, new { i = new { conversationId = id, agentId = "bob" } }, tenant.ManagerToken)).Ok().GetProperty("transfer");
        Assert.Equal("HUMAN", toBob.GetProperty("status").GetString());
        Assert.Equal("bob", toBob.GetProperty("owner").GetProperty("agentId").GetString());
        Assert.Equal(0, (await Client.PostAsync("{ queue(name: \"billing\") { waiting } }", token: tenant.ManagerToken)).Ok().GetProperty("queue").GetProperty("waiting").GetInt32());
        Assert.Equal(1, (await Client.PostAsync("{ me { load } }", token: bob)).Ok().GetProperty("me").GetProperty("load").GetInt32());
        (await Client.SendMessageAsync(id, "Bob here.", "b1", bob)).Ok();
    }

    private static async Task<bool> Tick()
    {
        await Task.Delay(25);
        return true;
    }
}
