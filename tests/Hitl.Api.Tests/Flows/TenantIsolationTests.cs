using System.Text.Json;
using Hitl.Api.Tests.Infrastructure;

namespace Hitl.Api.Tests.Flows;

/// <summary>
/// A second tenant's tokens never read or change the first tenant's articles, drafts, queues or scoreboard: the
/// tenant comes from the token, so the second tenant looks in its own, empty, tenant.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class TenantIsolationTests(ApiFixture fixture)
{
    private const string Question = "my colleague needs to edit files in one of my folders from her tablet this weekend, what do I do?";
    private GraphQLClient Client => fixture.Client;

    [Fact]
    public async Task Articles_OfAnotherTenant_AreNeitherReadNorChanged()
    {
        var first = await Client.CreateTenantWithArticlesAsync();
        var (other, otherKey) = await Client.CreateTenantAsync();
        var intruder = await Client.TokenAsync(other, otherKey, "MANAGER", "mallory");
        var before = await ArticlesAsync(first.ManagerToken);

        Assert.Equal(0, (await ArticlesAsync(intruder)).GetArrayLength());
        Assert.False((await Client.PostAsync("mutation { deleteArticle(id: \"share-folder\") }", token: intruder)).Ok().GetProperty("deleteArticle").GetBoolean());

        // The same id written by the other tenant is the other tenant's article.
        (await Client.PostAsync("mutation { upsertArticle(input: { id: \"reset-password\", title: \"Mine\", body: \"Not yours.\" }) { id } }", token: intruder)).Ok();
        Assert.Equal(before.ToString(), (await ArticlesAsync(first.ManagerToken)).ToString());
        Assert.Equal(["Mine"], (await ArticlesAsync(intruder)).EnumerateArray().Select(a => a.GetProperty("title").GetString()));
    }

    [Fact]
    public async Task Drafts_OfAnotherTenant_AreNeitherSeenNorReviewed()
    {
        var first = await Client.CreateTenantWithArticlesAsync();
        (await Client.PostAsync("mutation { updatePolicy(input: { reviewBelow: 1.0 }) { version } }", token: first.ManagerToken)).Ok();
        var (id, customer) = await Client.StartConversationAsync(first.Id);
        (await Client.SendMessageAsync(id, Question, "q1", customer)).Ok();
        var item = (await Client.PostAsync("{ queue(name: \"review\") { items { id } } }", token: first.ManagerToken)).Ok().GetProperty("queue").GetProperty("items")[0].GetProperty("id").GetString();

        var other = await Client.CreateTenantWithArticlesAsync();
        // Every tenant has a review queue (the first tenant's draft is not in the other's).
        Assert.Equal(0, await WaitingAsync("review", other.ManagerToken));
        (await Client.PostAsync("query($id: ID!) { conversation(id: $id) { pendingDraft { text } } }", new { id }, other.ManagerToken)).AssertError("NOT_FOUND");
        var review = await Client.PostAsync(
            "mutation($i: ReviewDraftInput!) { reviewDraft(input: $i) { id } }",
            new { i = new { workItemId = item, decision = "APPROVE" } },
            other.ManagerToken);
        Assert.True(review.HasErrors);
        Assert.Contains(review.ErrorCode, new[] { "NOT_FOUND", "FORBIDDEN", "CONFLICT" });

        // The draft still waits in the first tenant, unsent.
        Assert.Equal(1, await WaitingAsync("review", first.ManagerToken));
        var conversation = (await Client.PostAsync("query($id: ID!) { conversation(id: $id) { pendingDraft { text } messages { author } } }", new { id }, first.ManagerToken)).Ok().GetProperty("conversation");
        Assert.Equal(JsonValueKind.Object, conversation.GetProperty("pendingDraft").ValueKind);
        Assert.DoesNotContain(conversation.GetProperty("messages").EnumerateArray(), m => m.GetProperty("author").GetString() == "BOT");
    }

    [Fact]
    public async Task Queues_OfAnotherTenant_AreNeitherSeenNorTakenFrom()
    {
        var first = await Client.CreateTenantWithArticlesAsync();
        var (id, customer) = await Client.StartConversationAsync(first.Id);
        (await Client.PostAsync("mutation($id: ID!) { requestHuman(conversationId: $id) { id } }", new { id }, customer)).Ok();
        var item = (await Client.PostAsync("{ queue(name: \"support\") { items { id } } }", token: first.ManagerToken)).Ok().GetProperty("queue").GetProperty("items")[0].GetProperty("id").GetString();

        var other = await Client.CreateTenantWithArticlesAsync();
        Assert.Equal(0, await WaitingAsync("support", other.ManagerToken));
        var agent = await Client.TokenAsync(other.Id, other.ApiKey, "AGENT", "mallory");
        (await Client.PostAsync("mutation($i: SetPresenceInput!) { setPresence(input: $i) { id } }", new { i = new { presence = "AWAY", queues = new[] { "support" } } }, agent)).Ok();
        Assert.Equal(JsonValueKind.Null, (await Client.PostAsync("mutation { acceptNext(queue: \"support\") { id } }", token: agent)).Ok().GetProperty("acceptNext").ValueKind);
        var claim = await Client.PostAsync("mutation($id: ID!) { claim(workItemId: $id) { id } }", new { id = item }, agent);
        Assert.True(claim.HasErrors);
        Assert.Contains(claim.ErrorCode, new[] { "NOT_FOUND", "FORBIDDEN", "CONFLICT" });

        // Still waiting, still the first tenant's.
        Assert.Equal(1, await WaitingAsync("support", first.ManagerToken));
        var view = (await Client.PostAsync("query($id: ID!) { conversation(id: $id) { status } }", new { id }, first.ManagerToken)).Ok().GetProperty("conversation");
        Assert.Equal("QUEUED", view.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Scoreboards_AreEachTenantsOwn()
    {
        var first = await Client.CreateTenantWithArticlesAsync();
        var (id, customer) = await Client.StartConversationAsync(first.Id);
        (await Client.PostAsync("mutation($id: ID!) { requestHuman(conversationId: $id) { id } }", new { id }, customer)).Ok();
        var other = await Client.CreateTenantWithArticlesAsync();

        // The scoreboard is flushed about once a second: wait for the first tenant's to count its conversation.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await StartedAsync(first.ManagerToken) < 1)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
        }

        Assert.Equal(0, await StartedAsync(other.ManagerToken));
        Assert.Equal(0, (await Client.PostAsync("{ scoreboard { escalated waiting } }", token: other.ManagerToken)).Ok().GetProperty("scoreboard").GetProperty("escalated").GetInt32());
    }

    private async Task<JsonElement> ArticlesAsync(string token) =>
        (await Client.PostAsync("{ articles { id title body } }", token: token)).Ok().GetProperty("articles");

    private async Task<int> WaitingAsync(string queue, string token) =>
        (await Client.PostAsync("query($q: String!) { queue(name: $q) { waiting } }", new { q = queue }, token)).Ok().GetProperty("queue").GetProperty("waiting").GetInt32();

    private async Task<int> StartedAsync(string token) =>
        (await Client.PostAsync("{ scoreboard { conversationsStarted } }", token: token)).Ok().GetProperty("scoreboard").GetProperty("conversationsStarted").GetInt32();
}
