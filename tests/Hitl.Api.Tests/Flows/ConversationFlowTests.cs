using System.Text.Json;
using Hitl.Api.Tests.Infrastructure;

namespace Hitl.Api.Tests.Flows;

[Collection(ApiCollection.Name)]
public sealed class ConversationFlowTests(ApiFixture fixture)
{
    private GraphQLClient Client => fixture.Client;

    [Fact]
    public async Task Customer_AsksAQuestion_TheBotAnswersFromKnowledge_WithConfidenceAndSources()
    {
        var tenant = await Client.CreateTenantWithArticlesAsync();
        var (id, token) = await Client.StartConversationAsync(tenant.Id);

        var data = (await Client.SendMessageAsync(id, "I forgot my password, how can I reset it?", "m1", token)).Ok();
        var payload = data.GetProperty("sendMessage");
        Assert.Equal("CUSTOMER", payload.GetProperty("message").GetProperty("author").GetString());
        Assert.Equal("BOT", payload.GetProperty("reply").GetProperty("author").GetString());

        // Confidence and sources are staff-only: a manager reads them.
        var reply = await LastMessageAsync(id, tenant.ManagerToken);
        Assert.Equal(payload.GetProperty("reply").GetProperty("id").GetString(), reply.GetProperty("id").GetString());
        Assert.Equal("reset-password", reply.GetProperty("sources")[0].GetString());
        Assert.InRange(reply.GetProperty("confidence").GetDouble(), 0.35, 1.0);
        Assert.Equal("BOT", payload.GetProperty("conversation").GetProperty("status").GetString());
        Assert.Equal(2, payload.GetProperty("conversation").GetProperty("messageCount").GetInt32());
    }

    [Fact]
    public async Task StartConversation_WithText_AnswersTheFirstMessage()
    {
        var tenant = await Client.CreateTenantWithArticlesAsync();
        var (id, token) = await Client.StartConversationAsync(tenant.Id, "Where can I download my invoice?");
        var conversation = await GetConversationAsync(id, tenant.ManagerToken);
        _ = token;
        var messages = conversation.GetProperty("messages");
        Assert.Equal(2, messages.GetArrayLength());
        Assert.Equal("invoices", messages[1].GetProperty("sources")[0].GetString());
    }

    [Fact]
    public async Task SendMessage_Retried_ReturnsTheFirstResult_AndAddsNothing()
    {
        var tenant = await Client.CreateTenantWithArticlesAsync();
        var (id, token) = await Client.StartConversationAsync(tenant.Id);

        var first = (await Client.SendMessageAsync(id, "How do I share a folder?", "same-key", token)).Ok().GetProperty("sendMessage");
        var retry = (await Client.SendMessageAsync(id, "How do I share a folder?", "same-key", token)).Ok().GetProperty("sendMessage");

        Assert.Equal(first.GetProperty("message").GetProperty("id").GetString(), retry.GetProperty("message").GetProperty("id").GetString());
        Assert.Equal(first.GetProperty("reply").GetProperty("id").GetString(), retry.GetProperty("reply").GetProperty("id").GetString());
        Assert.Equal(2, retry.GetProperty("conversation").GetProperty("messageCount").GetInt32());
    }

    [Fact]
    public async Task RequestHuman_QueuesTheConversation_TheBotFallsSilent_AManagerResolves_AndTheCustomerReopens()
    {
        var tenant = await Client.CreateTenantWithArticlesAsync();
        var (id, token) = await Client.StartConversationAsync(tenant.Id);

        var requested = (await Client.PostAsync(
            "mutation($id: ID!) { requestHuman(conversationId: $id) { status owner { kind queue } } }",
            new { id },
            token)).Ok().GetProperty("requestHuman");
        Assert.Equal("QUEUED", requested.GetProperty("status").GetString());
        Assert.Equal("QUEUE", requested.GetProperty("owner").GetProperty("kind").GetString());
        Assert.Equal("support", requested.GetProperty("owner").GetProperty("queue").GetString());

        // The escalation is staff-only: the manager reads it.
        var escalated = (await Client.PostAsync(
            "query($id: ID!) { conversation(id: $id) { escalation { queue priority dueAt reasons { reason detail } } } }",
            new { id },
            tenant.ManagerToken)).Ok().GetProperty("conversation");
        Assert.Equal("EXPLICIT_REQUEST", escalated.GetProperty("escalation").GetProperty("reasons")[0].GetProperty("reason").GetString());
        Assert.EndsWith("Z", escalated.GetProperty("escalation").GetProperty("dueAt").GetString(), StringComparison.Ordinal);

        var whileQueued = (await Client.SendMessageAsync(id, "How do I reset my password?", "q1", token)).Ok().GetProperty("sendMessage");
        Assert.Equal(JsonValueKind.Null, whileQueued.GetProperty("reply").ValueKind);

        var resolved = (await Client.PostAsync(
            "mutation($id: ID!) { resolve(conversationId: $id) { status owner { kind } escalation { id } escalations { id } } }",
            new { id },
            tenant.ManagerToken)).Ok().GetProperty("resolve");
        Assert.Equal("RESOLVED", resolved.GetProperty("status").GetString());
        Assert.Equal("NONE", resolved.GetProperty("owner").GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, resolved.GetProperty("escalation").ValueKind);
        Assert.Equal(1, resolved.GetProperty("escalations").GetArrayLength());

        var reopened = (await Client.SendMessageAsync(id, "How do I share a folder?", "r1", token)).Ok().GetProperty("sendMessage");
        Assert.Equal("BOT", reopened.GetProperty("conversation").GetProperty("status").GetString());
        Assert.Equal("BOT", reopened.GetProperty("reply").GetProperty("author").GetString());
        Assert.Equal("share-folder", (await LastMessageAsync(id, tenant.ManagerToken)).GetProperty("sources")[0].GetString());
    }

    [Fact]
    public async Task Conversation_MessagesLast_ReturnsTheNewestOldestFirst()
    {
        var tenant = await Client.CreateTenantWithArticlesAsync();
        var (id, token) = await Client.StartConversationAsync(tenant.Id);
        string[] questions = ["How do I share a folder?", "Where can I download my invoice?", "I forgot my password"];
        for (var i = 0; i < questions.Length; i++)
        {
            (await Client.SendMessageAsync(id, questions[i], $"m{i}", token)).Ok();
        }

        var data = (await Client.PostAsync(
            "query($id: ID!) { conversation(id: $id) { messageCount messages(last: 3) { author text } } }",
            new { id },
            token)).Ok().GetProperty("conversation");
        Assert.Equal(6, data.GetProperty("messageCount").GetInt32());
        var messages = data.GetProperty("messages");
        Assert.Equal(3, messages.GetArrayLength());
        Assert.Equal("BOT", messages[0].GetProperty("author").GetString());
        Assert.Equal("I forgot my password", messages[1].GetProperty("text").GetString());
        Assert.Equal("BOT", messages[2].GetProperty("author").GetString());
    }

    [Fact]
    public async Task ManagerAddsAnArticle_TheBotUsesItAtOnce()
    {
        var tenant = await Client.CreateTenantWithArticlesAsync();
        (await Client.PostAsync(
            "mutation($i: ArticleInput!) { upsertArticle(input: $i) { id } }",
            new { i = new { id = "dark-mode", title = "Turning on dark mode", body = "Open Settings > Appearance and choose Dark.", questions = new[] { "How do I enable dark mode?" } } },
            tenant.ManagerToken)).Ok();

        var (id, token) = await Client.StartConversationAsync(tenant.Id);
        Assert.Equal("BOT", (await Client.SendMessageAsync(id, "how can I switch the app to dark mode?", "m1", token)).Ok()
            .GetProperty("sendMessage").GetProperty("reply").GetProperty("author").GetString());
        Assert.Equal("dark-mode", (await LastMessageAsync(id, tenant.ManagerToken)).GetProperty("sources")[0].GetString());
    }

    /// <summary>The newest message as staff see it (sources and confidence are staff-only).</summary>
    private async Task<JsonElement> LastMessageAsync(string id, string staffToken) =>
        (await Client.PostAsync("query($id: ID!) { conversation(id: $id) { messages(last: 1) { id author sources confidence } } }", new { id }, staffToken)).Ok()
            .GetProperty("conversation").GetProperty("messages")[0];

    private async Task<JsonElement> GetConversationAsync(string id, string token) =>
        (await Client.PostAsync(
            "query($id: ID!) { conversation(id: $id) { id status messageCount messages(last: 50) { author text sources confidence } } }",
            new { id },
            token)).Ok().GetProperty("conversation");
}
