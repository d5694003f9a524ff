using System.Text.Json;
using Hitl.Api.Tests.Infrastructure;

namespace Hitl.Api.Tests.Security;

/// <summary>
/// Draft review as one command in the grains: a reviewer's slot is always given back when the review cannot go
/// through (the draft was replaced, someone took the conversation over, the reviewer went offline), and a draft held
/// before a person took the conversation over never reaches the customer.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class DraftReviewSecurityTests(ApiFixture fixture)
{
    private const string Question = "my colleague needs to edit files in one of my folders from her tablet this weekend, what do I do?";
    private const string OtherQuestion = "how do I reset my password from my phone while travelling?";
    private const string Review = "mutation($i: ReviewDraftInput!) { reviewDraft(input: $i) { id kind } }";
    private const string AcceptReview = "mutation { acceptNext(queue: \"review\") { id kind draft { text } conversation { id } } }";
    private const string Read = "query($id: ID!) { conversation(id: $id) { status owner { agentId } pendingDraft { id } messages { author text } } }";

    private GraphQLClient Client => fixture.Client;

    [Fact]
    public async Task AReviewOfAReplacedDraft_FreesTheSlot_SoTheReviewerTakesTheNewerOne()
    {
        var (tenant, id, customer) = await DraftedAsync();
        var reviewer = await ReviewerAsync(tenant, "rita", capacity: 1);
        var old = await TakeReviewAsync(reviewer);
        (await Client.SendMessageAsync(id, OtherQuestion, "q2", customer)).Ok();

        (await Client.PostAsync(Review, new { i = new { workItemId = old.GetProperty("id").GetString(), decision = "APPROVE" } }, reviewer)).AssertError("CONFLICT");

        Assert.Equal(0, await LoadAsync(reviewer));
        var newer = await TakeReviewAsync(reviewer);
        Assert.NotEqual(old.GetProperty("id").GetString(), newer.GetProperty("id").GetString());
        (await Client.PostAsync(Review, new { i = new { workItemId = newer.GetProperty("id").GetString(), decision = "APPROVE" } }, reviewer)).Ok();
        Assert.Equal(0, await LoadAsync(reviewer));
        var sent = Assert.Single(Messages(await ReadAsync(tenant, id)), m => m.Author == "BOT");
        Assert.Equal(newer.GetProperty("draft").GetProperty("text").GetString(), sent.Text);
    }

    [Fact]
    public async Task AStaleDraft_CannotBeApprovedOrEditedAfterAHumanTookOver()
    {
        var (tenant, id, customer) = await DraftedAsync();
        var reviewer = await ReviewerAsync(tenant, "rita", capacity: 1);
        var item = (await TakeReviewAsync(reviewer)).GetProperty("id").GetString();

        // The customer asks for a person, and one takes the conversation.
        (await Client.PostAsync("mutation($id: ID!) { requestHuman(conversationId: $id) { id } }", new { id }, customer)).Ok();
        var sam = await Client.TokenAsync(tenant.Id, tenant.ApiKey, "AGENT", "sam");
        (await Client.PostAsync("mutation { setPresence(input: { presence: AWAY }) { id } }", token: sam)).Ok();
        Assert.Equal(id, (await Client.PostAsync("mutation { acceptNext(queue: \"support\") { conversation { id } } }", token: sam)).Ok()
            .GetProperty("acceptNext").GetProperty("conversation").GetProperty("id").GetString());
        var before = await ReadAsync(tenant, id);

        (await Client.PostAsync(Review, new { i = new { workItemId = item, decision = "APPROVE" } }, reviewer)).AssertError("CONFLICT");
        (await Client.PostAsync(Review, new { i = new { workItemId = item, decision = "EDIT", text = "Here is how." } }, reviewer)).AssertError("CONFLICT");

        var after = await ReadAsync(tenant, id);
        Assert.Equal(before.ToString(), after.ToString());
        Assert.DoesNotContain(Messages(after), m => m.Author == "BOT");
        Assert.Equal("HUMAN", after.GetProperty("status").GetString());
        Assert.Equal("sam", after.GetProperty("owner").GetProperty("agentId").GetString());
        Assert.Equal(0, await LoadAsync(reviewer));
        Assert.Equal(0, await WaitingAsync(tenant, "review"));
    }

    [Fact]
    public async Task AStaleDraftWaitingForReview_IsNotOffered_AndAManagerCannotSendIt()
    {
        var (tenant, first, firstCustomer) = await DraftedAsync();
        var (second, secondCustomer) = await Client.StartConversationAsync(tenant.Id);
        (await Client.SendMessageAsync(second, Question, "q1", secondCustomer)).Ok();
        Assert.Equal(2, await WaitingAsync(tenant, "review"));
        var waiting = (await Client.PostAsync("{ queue(name: \"review\") { items { id conversation { id } } } }", token: tenant.ManagerToken)).Ok()
            .GetProperty("queue").GetProperty("items").EnumerateArray()
            .Single(i => i.GetProperty("conversation").GetProperty("id").GetString() == first).GetProperty("id").GetString();

        // Both customers ask for a person while their drafts wait.
        (await Client.PostAsync("mutation($id: ID!) { requestHuman(conversationId: $id) { id } }", new { id = first }, firstCustomer)).Ok();
        (await Client.PostAsync("mutation($id: ID!) { requestHuman(conversationId: $id) { id } }", new { id = second }, secondCustomer)).Ok();
        var before = await ReadAsync(tenant, first);

        (await Client.PostAsync(Review, new { i = new { workItemId = waiting, decision = "APPROVE" } }, tenant.ManagerToken)).AssertError("CONFLICT");
        Assert.Equal(before.ToString(), (await ReadAsync(tenant, first)).ToString());
        Assert.DoesNotContain(Messages(before), m => m.Author == "BOT");

        // The other stale draft is dropped when offered, and the reviewer keeps its slot free.
        var reviewer = await ReviewerAsync(tenant, "rita", capacity: 1);
        Assert.Equal(JsonValueKind.Null, (await Client.PostAsync(AcceptReview, token: reviewer)).Ok().GetProperty("acceptNext").ValueKind);
        Assert.Equal(0, await LoadAsync(reviewer));
        Assert.Equal(0, await WaitingAsync(tenant, "review"));
        Assert.DoesNotContain(Messages(await ReadAsync(tenant, second)), m => m.Author == "BOT");
    }

    [Fact]
    public async Task AReviewerGoingOffline_FreesItsSlot_AndTheDraftWaitsForReviewAgain()
    {
        var (tenant, id, customer) = await DraftedAsync();
        var reviewer = await ReviewerAsync(tenant, "rita", capacity: 1);
        var item = (await TakeReviewAsync(reviewer)).GetProperty("id").GetString();
        Assert.Equal(0, await WaitingAsync(tenant, "review"));

        var offline = (await Client.PostAsync("mutation { setPresence(input: { presence: OFFLINE }) { load } }", token: reviewer)).Ok();
        Assert.Equal(0, offline.GetProperty("setPresence").GetProperty("load").GetInt32());

        // The conversation puts its draft back in the review queue (one way): wait for it.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await WaitingAsync(tenant, "review") == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Equal(1, await WaitingAsync(tenant, "review"));

        // The reviewer no longer holds it: reviewing the waiting item without claiming it again is refused.
        (await Client.PostAsync(Review, new { i = new { workItemId = item, decision = "APPROVE" } }, reviewer)).AssertError("FORBIDDEN");
        Assert.Equal(1, await WaitingAsync(tenant, "review"));
        (await Client.PostAsync("mutation { setPresence(input: { presence: AWAY }) { id } }", token: reviewer)).Ok();
        Assert.Equal(item, (await TakeReviewAsync(reviewer)).GetProperty("id").GetString());
        (await Client.PostAsync(Review, new { i = new { workItemId = item, decision = "APPROVE" } }, reviewer)).Ok();
        Assert.Equal(0, await LoadAsync(reviewer));
        Assert.Single(Messages(await ReadAsync(tenant, id)), m => m.Author == "BOT");
        _ = customer;
    }

    [Fact]
    public async Task AnAgentCannotReviewWhatSomeoneElseHolds_AndABadEditKeepsTheReviewersItem()
    {
        var (tenant, id, _) = await DraftedAsync();
        var rita = await ReviewerAsync(tenant, "rita", capacity: 1);
        var rob = await ReviewerAsync(tenant, "rob", capacity: 1);
        var item = (await TakeReviewAsync(rita)).GetProperty("id").GetString();
        var before = await ReadAsync(tenant, id);

        (await Client.PostAsync(Review, new { i = new { workItemId = item, decision = "APPROVE" } }, rob)).AssertError("CONFLICT");
        (await Client.PostAsync(Review, new { i = new { workItemId = item, decision = "EDIT", text = "" } }, rita)).AssertError("BAD_USER_INPUT");

        Assert.Equal(before.ToString(), (await ReadAsync(tenant, id)).ToString());
        Assert.Equal(1, await LoadAsync(rita));
        Assert.Equal(0, await LoadAsync(rob));
        (await Client.PostAsync(Review, new { i = new { workItemId = item, decision = "EDIT", text = "Share the folder with her as an editor." } }, rita)).Ok();
        Assert.Equal(0, await LoadAsync(rita));
    }

    private async Task<(TestTenant Tenant, string Conversation, string Customer)> DraftedAsync()
    {
        var tenant = await Client.CreateTenantWithArticlesAsync();
        (await Client.PostAsync("mutation { updatePolicy(input: { reviewBelow: 1.0 }) { version } }", token: tenant.ManagerToken)).Ok();
        var (id, customer) = await Client.StartConversationAsync(tenant.Id);
        (await Client.SendMessageAsync(id, Question, "q1", customer)).Ok();
        return (tenant, id, customer);
    }

    private async Task<string> ReviewerAsync(TestTenant tenant, string name, int capacity)
    {
        (await Client.PostAsync("mutation($a: ID!) { setAgentQueues(agentId: $a, queues: [\"review\"]) { id } }", new { a = name }, tenant.ManagerToken)).Ok();
        var token = await Client.TokenAsync(tenant.Id, tenant.ApiKey, "AGENT", name);
        (await Client.PostAsync("mutation($c: Int!) { setPresence(input: { presence: AWAY, capacity: $c }) { id } }", new { c = capacity }, token)).Ok();
        return token;
    }

    private async Task<JsonElement> TakeReviewAsync(string reviewer)
    {
        var item = (await Client.PostAsync(AcceptReview, token: reviewer)).Ok().GetProperty("acceptNext");
        Assert.Equal("DRAFT_REVIEW", item.GetProperty("kind").GetString());
        return item;
    }

    private async Task<JsonElement> ReadAsync(TestTenant tenant, string id) =>
        (await Client.PostAsync(Read, new { id }, tenant.ManagerToken)).Ok().GetProperty("conversation");

    private async Task<int> LoadAsync(string token) =>
        (await Client.PostAsync("{ me { load } }", token: token)).Ok().GetProperty("me").GetProperty("load").GetInt32();

    private async Task<int> WaitingAsync(TestTenant tenant, string queue) =>
        (await Client.PostAsync("query($q: String!) { queue(name: $q) { waiting } }", new { q = queue }, tenant.ManagerToken)).Ok().GetProperty("queue").GetProperty("waiting").GetInt32();

    private static List<(string? Author, string? Text)> Messages(JsonElement conversation) =>
        [.. conversation.GetProperty("messages").EnumerateArray().Select(m => (m.GetProperty("author").GetString(), m.GetProperty("text").GetString()))];
}
