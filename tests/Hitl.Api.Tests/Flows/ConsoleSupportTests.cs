using Hitl.Api.Tests.Infrastructure;

namespace Hitl.Api.Tests.Flows;

/// <summary>What the web console needs beyond the contract: older transcript pages and the knowledge "try it" box.</summary>
[Collection(ApiCollection.Name)]
public sealed class ConsoleSupportTests(ApiFixture fixture)
{
    private const string Page = "query($id: ID!, $last: Int, $before: ID) { conversation(id: $id) { messageCount messages(last: $last, before: $before) { id text } } }";
    private const string Preview = "query($t: String!) { answerPreview(text: $t) { decision reasons { reason detail } queue answer confidence sources sentiment knowledgeVersion policyVersion } }";

    private GraphQLClient Client => fixture.Client;

    [Fact]
    public async Task OlderMessages_ArePagedBackwards_AcrossTranscriptPages_WithNoGapOrRepeat()
    {
        var tenant = await Client.CreateTenantWithArticlesAsync();
        var (id, token) = await Client.StartConversationAsync(tenant.Id);
        (await Client.PostAsync("mutation($id: ID!) { requestHuman(conversationId: $id) { id } }", new { id }, token)).Ok();
        for (var i = 0; i < 150; i++)
        {
            (await Client.SendMessageAsync(id, $"message {i}", $"k{i}", token)).Ok();
        }

        var seen = new List<string>();
        string? before = null;
        var count = 0;
        while (true)
        {
            var conversation = (await Client.PostAsync(Page, new { id, last = 40, before }, tenant.ManagerToken)).Ok().GetProperty("conversation");
            count = conversation.GetProperty("messageCount").GetInt32();
            var page = conversation.GetProperty("messages").EnumerateArray().ToList();
            if (page.Count == 0)
            {
                break;
            }

            Assert.True(page.Count <= 40);
            seen.InsertRange(0, page.Select(m => m.GetProperty("id").GetString()!));
            before = page[0].GetProperty("id").GetString();
        }

        // Every message once, in order, from the first to the newest.
        Assert.Equal(count, seen.Count);
        Assert.Equal(Enumerable.Range(0, count).Select(n => $"{id}-{n}"), seen);
        Assert.True(count > 2 * 64, "the transcript spans flushed pages and the tail");
    }

    [Fact]
    public async Task OlderMessages_BeforeAnotherConversationsMessage_IsBadInput()
    {
        var tenant = await Client.CreateTenantWithArticlesAsync();
        var (first, _) = await Client.StartConversationAsync(tenant.Id, "How do I share a folder?");
        var (second, _) = await Client.StartConversationAsync(tenant.Id);

        (await Client.PostAsync(Page, new { id = second, last = 10, before = $"{first}-1" }, tenant.ManagerToken)).AssertError("BAD_USER_INPUT");
        (await Client.PostAsync(Page, new { id = second, last = 10, before = "nonsense" }, tenant.ManagerToken)).AssertError("BAD_USER_INPUT");
    }

    [Fact]
    public async Task AnswerPreview_AnswersFromKnowledge_WithConfidenceAndSources_AndRecordsNothing()
    {
        var tenant = await Client.CreateTenantWithArticlesAsync();
        var before = await TenantCountsAsync(tenant);

        var preview = (await Client.PostAsync(Preview, new { t = "I forgot my password, how can I reset it?" }, tenant.ManagerToken)).Ok().GetProperty("answerPreview");
        Assert.Equal("ANSWER", preview.GetProperty("decision").GetString());
        Assert.Equal("reset-password", preview.GetProperty("sources")[0].GetString());
        Assert.InRange(preview.GetProperty("confidence").GetDouble(), 0.35, 1.0);
        Assert.Contains("Forgot password", preview.GetProperty("answer").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, preview.GetProperty("reasons").GetArrayLength());
        Assert.Equal(3, preview.GetProperty("knowledgeVersion").GetInt32());

        // A new article is answered at once (the same bot a conversation uses).
        (await Client.PostAsync(
            "mutation($i: ArticleInput!) { upsertArticle(input: $i) { id } }",
            new { i = new { id = "gift-cards", title = "Gift cards", body = "Gift cards never expire and can be used for any plan.", questions = new[] { "Do gift cards expire?" } } },
            tenant.ManagerToken)).Ok();
        var fresh = (await Client.PostAsync(Preview, new { t = "Do gift cards expire?" }, tenant.ManagerToken)).Ok().GetProperty("answerPreview");
        Assert.Equal("gift-cards", fresh.GetProperty("sources")[0].GetString());

        Assert.Equal(before, await TenantCountsAsync(tenant));
    }

    [Fact]
    public async Task AnswerPreview_ShowsAnEscalation_WithItsReasons()
    {
        var tenant = await Client.CreateTenantWithArticlesAsync();
        var preview = (await Client.PostAsync(Preview, new { t = "This is useless, I want to talk to a real person now" }, tenant.ManagerToken)).Ok().GetProperty("answerPreview");
        Assert.Equal("ESCALATE", preview.GetProperty("decision").GetString());
        Assert.Contains(preview.GetProperty("reasons").EnumerateArray(), r => r.GetProperty("reason").GetString() == "EXPLICIT_REQUEST");
        Assert.Equal("support", preview.GetProperty("queue").GetString());
        Assert.Equal(0, await WaitingAsync(tenant));
    }

    [Fact]
    public async Task AnswerPreview_IsForManagers_AndNeedsText()
    {
        var tenant = await Client.CreateTenantWithArticlesAsync();
        var agent = await Client.TokenAsync(tenant.Id, tenant.ApiKey, "AGENT", "ava");
        var (_, customer) = await Client.StartConversationAsync(tenant.Id);

        (await Client.PostAsync(Preview, new { t = "How do I share a folder?" }, agent)).AssertError("FORBIDDEN");
        (await Client.PostAsync(Preview, new { t = "How do I share a folder?" }, customer)).AssertError("FORBIDDEN");
        (await Client.PostAsync(Preview, new { t = "   " }, tenant.ManagerToken)).AssertError("BAD_USER_INPUT");
        (await Client.PostAsync(Preview, new { t = new string('x', 4001) }, tenant.ManagerToken)).AssertError("BAD_USER_INPUT");
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/inbox")]
    [InlineData("/conversations/c_123")]
    [InlineData("/settings")]
    public async Task ConsolePages_AreServedAsTheApp_WithAContentSecurityPolicy_AndNotFramable(string path)
    {
        using var response = await Client.Http.GetAsync(path);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<div id=\"root\">", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var csp = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'self'", csp, StringComparison.Ordinal);
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task TheChatPage_CanBeEmbeddedByAWebsite()
    {
        using var response = await Client.Http.GetAsync("/chat/demo");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var csp = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        Assert.DoesNotContain("frame-ancestors", csp, StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("X-Frame-Options"));
    }

    [Theory]
    [InlineData("GET", "/graphql/anything")]
    [InlineData("GET", "/health/nothing")]
    [InlineData("GET", "/assets/missing-1234.js")]
    [InlineData("POST", "/inbox")]
    public async Task ApiPaths_MissingFiles_AndOtherMethods_NeverFallBackToTheApp(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        using var response = await Client.Http.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task HashedAssets_AreCachedForAYear()
    {
        var html = await Client.Http.GetStringAsync("/");
        var asset = System.Text.RegularExpressions.Regex.Match(html, "src=\"(/assets/[^\"]+\\.js)\"").Groups[1].Value;
        Assert.NotEmpty(asset);
        using var response = await Client.Http.GetAsync(asset);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("immutable", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
    }

    private async Task<int> WaitingAsync(TestTenant tenant) =>
        (await Client.PostAsync("{ queues { waiting } }", token: tenant.ManagerToken)).Ok().GetProperty("queues").EnumerateArray().Sum(q => q.GetProperty("waiting").GetInt32());

    private async Task<string> TenantCountsAsync(TestTenant tenant)
    {
        var board = (await Client.PostAsync("{ scoreboard(window: ALL) { conversationsStarted escalated } }", token: tenant.ManagerToken)).Ok().GetProperty("scoreboard");
        return $"{board}|{await WaitingAsync(tenant)}";
    }
}
