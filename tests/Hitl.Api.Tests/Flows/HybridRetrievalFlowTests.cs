using Hitl.Api.Tests.Infrastructure;

namespace Hitl.Api.Tests.Flows;

/// <summary>Hybrid retrieval (Hitl:Bot:Retrieval=hybrid) through the whole API: embeddings in the silo, passages in the answer.</summary>
public sealed class HybridRetrievalFlowTests : IAsyncLifetime, IDisposable
{
    private readonly HitlApiFactory _factory = new(settings: new Dictionary<string, string> { ["Hitl:Bot:Retrieval"] = "hybrid" });
    private GraphQLClient _client = null!;

    public Task InitializeAsync()
    {
        _client = new GraphQLClient(_factory.CreateClient());
        return Task.CompletedTask;
    }

    public void Dispose() => _factory.Dispose();

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        _factory.DeleteData();
    }

    [Fact]
    public async Task AParaphrase_IsAnsweredFromItsArticle_WithThePassageThatAnswers()
    {
        var (tenant, apiKey) = await _client.CreateTenantAsync();
        var manager = await _client.TokenAsync(tenant, apiKey, "MANAGER", "mia");
        foreach (var (id, title, body) in new[]
        {
            ("returns", "Returning an order", "You have 30 days to send items back. Print the prepaid label from your account and drop the parcel at any post office. We refund the price within five days of receiving it."),
            ("instalments", "Paying in instalments", "At checkout choose Klarna to spread the cost over 3, 6 or 12 months. There is no interest on 3 and 6 months."),
        })
        {
            (await _client.PostAsync("mutation($i: ArticleInput!) { upsertArticle(input: $i) { id } }", new { i = new { id, title, body, questions = Array.Empty<string>() } }, manager)).Ok();
        }

        var (conversation, customer) = await _client.StartConversationAsync(tenant);
        var reply = (await _client.SendMessageAsync(conversation, "do I get my money back, and how quickly?", "m1", customer)).Ok()
            .GetProperty("sendMessage").GetProperty("reply");
        Assert.Contains("refund the price within five days", reply.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Returning an order", reply.GetProperty("text").GetString(), StringComparison.Ordinal);

        var bot = (await _client.PostAsync("query($id: ID!) { conversation(id: $id) { messages(last: 1) { sources confidence } } }", new { id = conversation }, manager)).Ok()
            .GetProperty("conversation").GetProperty("messages")[0];
        Assert.Equal("returns", bot.GetProperty("sources")[0].GetString());
        Assert.True(bot.GetProperty("confidence").GetDouble() >= 0.35);
    }

    [Fact]
    public async Task Hello_AndThanksAfterAnAnswer_GetShortReplies_AndNobodyIsPaged()
    {
        var (tenant, apiKey) = await _client.CreateTenantAsync();
        var manager = await _client.TokenAsync(tenant, apiKey, "MANAGER", "mia");
        (await _client.PostAsync("mutation($i: ArticleInput!) { upsertArticle(input: $i) { id } }", new { i = new { id = "returns", title = "Returning an order", body = "You have 30 days to send items back. Print the prepaid label from your account.", questions = Array.Empty<string>() } }, manager)).Ok();
        var (conversation, customer) = await _client.StartConversationAsync(tenant);

        var hello = (await _client.SendMessageAsync(conversation, "hello!", "m1", customer)).Ok().GetProperty("sendMessage");
        Assert.Equal("Hello! What can I help you with?", hello.GetProperty("reply").GetProperty("text").GetString());
        (await _client.SendMessageAsync(conversation, "can I send back a jacket I don't like?", "m2", customer)).Ok();
        var thanks = (await _client.SendMessageAsync(conversation, "great, thanks!", "m3", customer)).Ok().GetProperty("sendMessage");
        Assert.StartsWith("You're welcome", thanks.GetProperty("reply").GetProperty("text").GetString(), StringComparison.Ordinal);

        var view = (await _client.PostAsync("query($id: ID!) { conversation(id: $id) { status escalation { reasons { reason } } messages(last: 1) { author sources } } }", new { id = conversation }, manager)).Ok()
            .GetProperty("conversation");
        Assert.Equal("BOT", view.GetProperty("status").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, view.GetProperty("escalation").ValueKind);
        Assert.Equal(0, view.GetProperty("messages")[0].GetProperty("sources").GetArrayLength());
    }
}
