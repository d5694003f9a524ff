using System.Text.Json;
using System.Text.Json.Nodes;
using Hitl.Api.Tests.Infrastructure;

namespace Hitl.Api.Tests.Flows;

/// <summary>Drafts held for review: approve, edit, reject; each reaches the customer at most once.</summary>
[Collection(ApiCollection.Name)]
public sealed class DraftReviewFlowTests(ApiFixture fixture)
{
    private GraphQLClient Client => fixture.Client;

    private const string Question = "my colleague needs to edit files in one of my folders from her tablet this weekend, what do I do?";
    private const string Review = "mutation($i: ReviewDraftInput!) { reviewDraft(input: $i) { id kind } }";

    private async Task<(TestTenant Tenant, string Conversation, string Customer, string Reviewer, JsonElement Item)> DraftedAsync()
    {
        var tenant = await Client.CreateTenantWithArticlesAsync();
        (await Client.PostAsync("mutation { updatePolicy(input: { reviewBelow: 1.0 }) { version } }", token: tenant.ManagerToken)).Ok();
        var reviewer = await Client.TokenAsync(tenant.Id, tenant.ApiKey, "AGENT", "rita");
        (await Client.PostAsync("mutation($a: ID!, $q: [String!]!) { setAgentQueues(agentId: $a, queues: $q) { id } }", new { a = "rita", q = new[] { "review" } }, tenant.ManagerToken)).Ok();
        (await Client.PostAsync("mutation($i: SetPresenceInput!) { setPresence(input: $i) { id } }", new { i = new { presence = "AWAY", queues = new[] { "review" } } }, reviewer)).Ok();
        var (id, customer) = await Client.StartConversationAsync(tenant.Id);
        (await Client.SendMessageAsync(id, Question, "q1", customer)).Ok();
        var item = (await Client.PostAsync("mutation { acceptNext(queue: \"review\") { id kind draft { text sources } conversation { id } } }", token: reviewer)).Ok().GetProperty("acceptNext");
        _manager = tenant.ManagerToken;
        return (tenant, id, customer, reviewer, item);
    }

    private string _manager = "";

    /// <summary>What the customer (<paramref name="token"/>) sees, with the staff-only draft and escalation as the manager sees them.</summary>
    private async Task<JsonElement> ConversationAsync(string id, string token)
    {
        var seen = (await Client.PostAsync("query($id: ID!) { conversation(id: $id) { status messages { author text } } }", new { id }, token)).Ok().GetProperty("conversation");
        var staff = (await Client.PostAsync("query($id: ID!) { conversation(id: $id) { pendingDraft { id } escalation { reasons { reason } } } }", new { id }, _manager)).Ok().GetProperty("conversation");
        var view = JsonNode.Parse(seen.GetRawText())!.AsObject();
        view["pendingDraft"] = JsonNode.Parse(staff.GetProperty("pendingDraft").GetRawText());
        view["escalation"] = JsonNode.Parse(staff.GetProperty("escalation").GetRawText());
        return JsonDocument.Parse(view.ToJsonString()).RootElement.Clone();
    }

    [Fact]
    public async Task Approve_SendsTheDraftOnce()
    {
        var (_, id, customer, reviewer, item) = await DraftedAsync();
        Assert.Equal("DRAFT_REVIEW", item.GetProperty("kind").GetString());
        Assert.Equal(id, item.GetProperty("conversation").GetProperty("id").GetString());
        var draft = item.GetProperty("draft").GetProperty("text").GetString();

        (await Client.PostAsync(Review, new { i = new { workItemId = item.GetProperty("id").GetString(), decision = "APPROVE" } }, reviewer)).Ok();
        var conversation = await ConversationAsync(id, customer);
        Assert.Equal(JsonValueKind.Null, conversation.GetProperty("pendingDraft").ValueKind);
        var messages = conversation.GetProperty("messages");
        Assert.Equal(draft, messages[messages.GetArrayLength() - 1].GetProperty("text").GetString());
        Assert.Equal("BOT", messages[messages.GetArrayLength() - 1].GetProperty("author").GetString());

        (await Client.PostAsync(Review, new { i = new { workItemId = item.GetProperty("id").GetString(), decision = "APPROVE" } }, reviewer)).AssertError("CONFLICT");
        Assert.Equal(messages.GetArrayLength(), (await ConversationAsync(id, customer)).GetProperty("messages").GetArrayLength());
        Assert.Equal(0, (await Client.PostAsync("{ me { load } }", token: reviewer)).Ok().GetProperty("me").GetProperty("load").GetInt32());
    }

    [Fact]
    public async Task ReviewOfADraftANewerAnswerReplaced_IsAConflict_AndFreesTheReviewerAndTheItem()
    {
        var (tenant, id, customer, reviewer, item) = await DraftedAsync();
        var old = item.GetProperty("id").GetString();
        (await Client.SendMessageAsync(id, "how do I reset my password from my phone while travelling?", "q2", customer)).Ok();

        (await Client.PostAsync(Review, new { i = new { workItemId = old, decision = "APPROVE" } }, reviewer)).AssertError("CONFLICT");

        Assert.Equal(0, (await Client.PostAsync("{ me { load } }", token: reviewer)).Ok().GetProperty("me").GetProperty("load").GetInt32());
        var waiting = (await Client.PostAsync("{ queue(name: \"review\") { items { id } } }", token: tenant.ManagerToken)).Ok().GetProperty("queue").GetProperty("items");
        Assert.DoesNotContain(waiting.EnumerateArray(), i => i.GetProperty("id").GetString() == old);
        Assert.Equal(1, waiting.GetArrayLength()); // the newer draft waits for review
    }

    [Fact]
    public async Task Edit_SendsTheReviewersText()
    {
        var (_, id, customer, reviewer, item) = await DraftedAsync();
        (await Client.PostAsync(Review, new { i = new { workItemId = item.GetProperty("id").GetString(), decision = "EDIT", text = "" } }, reviewer)).AssertError("BAD_USER_INPUT");
        (await Client.PostAsync(Review, new { i = new { workItemId = item.GetProperty("id").GetString(), decision = "EDIT", text = "Share the folder with her as an editor." } }, reviewer)).Ok();
        var messages = (await ConversationAsync(id, customer)).GetProperty("messages");
        Assert.Equal("Share the folder with her as an editor.", messages[messages.GetArrayLength() - 1].GetProperty("text").GetString());
    }

    [Fact]
    public async Task Reject_Escalates_WithDraftRejected()
    {
        var (_, id, customer, reviewer, item) = await DraftedAsync();
        (await Client.PostAsync(Review, new { i = new { workItemId = item.GetProperty("id").GetString(), decision = "REJECT" } }, reviewer)).Ok();
        var conversation = await ConversationAsync(id, customer);
        Assert.Equal("QUEUED", conversation.GetProperty("status").GetString());
        Assert.Equal("DRAFT_REJECTED", conversation.GetProperty("escalation").GetProperty("reasons")[0].GetProperty("reason").GetString());
        Assert.DoesNotContain(conversation.GetProperty("messages").EnumerateArray(), m => m.GetProperty("author").GetString() == "BOT");
    }

    [Fact]
    public async Task AnAgentMustHoldTheItem_AManagerMayReviewStraightFromTheQueue()
    {
        var tenant = await Client.CreateTenantWithArticlesAsync();
        (await Client.PostAsync("mutation { updatePolicy(input: { reviewBelow: 1.0 }) { version } }", token: tenant.ManagerToken)).Ok();
        var (id, customer) = await Client.StartConversationAsync(tenant.Id);
        (await Client.SendMessageAsync(id, Question, "q1", customer)).Ok();
        var waiting = (await Client.PostAsync("{ queue(name: \"review\") { items { id } } }", token: tenant.ManagerToken)).Ok().GetProperty("queue").GetProperty("items")[0].GetProperty("id").GetString();

        var agent = await Client.TokenAsync(tenant.Id, tenant.ApiKey, "AGENT", "ana");
        (await Client.PostAsync(Review, new { i = new { workItemId = waiting, decision = "APPROVE" } }, agent)).AssertError("FORBIDDEN");
        (await Client.PostAsync(Review, new { i = new { workItemId = waiting, decision = "APPROVE" } }, tenant.ManagerToken)).Ok();
        Assert.Equal(0, (await Client.PostAsync("{ queue(name: \"review\") { waiting } }", token: tenant.ManagerToken)).Ok().GetProperty("queue").GetProperty("waiting").GetInt32());
    }
}
