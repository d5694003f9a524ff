using Hitl.Api.Tests.Infrastructure;

namespace Hitl.Api.Tests.Security;

/// <summary>An app with small conversation limits (<c>Hitl:Limits:*</c>), for the limit attacks below.</summary>
public sealed class ConversationLimitsFixture : IAsyncLifetime
{
    public const int OpenConversations = 2;

    public HitlApiFactory Factory { get; } = new(settings: new Dictionary<string, string>
    {
        ["Hitl:Limits:OpenConversationsPerTenant"] = OpenConversations.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Hitl:Limits:WaitingItemsPerQueue"] = "1",
        ["Hitl:Limits:RequestHumanCooldown"] = "00:10:00",
    });

    public GraphQLClient Client { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Client = new GraphQLClient(Factory.CreateClient());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        Factory.DeleteData();
    }
}

/// <summary>
/// Issue 17, part A2, as a user sends it: starting conversations past the tenant's cap, asking for a person when the
/// queue is full or right after resolving, and an agent replaying a message after losing the conversation. Each is
/// refused with its code, and nothing changes.
/// </summary>
public sealed class ConversationLimitsTests(ConversationLimitsFixture fixture) : IClassFixture<ConversationLimitsFixture>
{
    private const string RequestHuman = "mutation($id: ID!) { requestHuman(conversationId: $id) { status } }";
    private const string Status = "query($id: ID!) { conversation(id: $id) { status messageCount } }";

    private GraphQLClient Client => fixture.Client;

    private async Task<(string Status, int MessageCount)> ReadAsync(string id, string token)
    {
        var conversation = (await Client.PostAsync(Status, new { id }, token)).Ok().GetProperty("conversation");
        return (conversation.GetProperty("status").GetString()!, conversation.GetProperty("messageCount").GetInt32());
    }

    [Fact]
    public async Task ALimitThatIsNotPositive_IsRefusedAtStart()
    {
        var factory = new HitlApiFactory(settings: new Dictionary<string, string> { ["Hitl:Limits:WaitingItemsPerQueue"] = "0" });
        try
        {
            var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
            Assert.Contains("Hitl:Limits", error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            await factory.DisposeAsync();
            factory.DeleteData();
        }
    }

    [Fact]
    public async Task StartConversation_PastTheTenantsCap_IsRateLimited_AndTakesNoPlace()
    {
        var (tenant, _) = await Client.CreateTenantAsync();
        var started = new List<(string Id, string Token)>();
        for (var i = 0; i < ConversationLimitsFixture.OpenConversations; i++)
        {
            started.Add(await Client.StartConversationAsync(tenant, "hello"));
        }

        var refused = await Client.PostAsync(
            "mutation($i: StartConversationInput!) { startConversation(input: $i) { token conversation { id } } }",
            new { i = new { tenant, customerName = "Mallory", text = "hello" } });
        refused.AssertError("RATE_LIMITED");
        Assert.DoesNotContain("\"token\":\"", refused.Body.ToString(), StringComparison.Ordinal);

        // The refused start took no place: once one conversation closes, exactly one more fits.
        (await Client.PostAsync("mutation($id: ID!) { resolve(conversationId: $id) { status } }", new { id = started[0].Id }, started[0].Token)).Ok();
        await Client.StartConversationAsync(tenant);
        (await Client.PostAsync(
            "mutation($i: StartConversationInput!) { startConversation(input: $i) { token } }",
            new { i = new { tenant } })).AssertError("RATE_LIMITED");
    }

    [Fact]
    public async Task RequestHuman_WhenTheQueueIsFull_IsRateLimited_AndTheConversationStaysWithTheBot()
    {
        var (tenant, _) = await Client.CreateTenantAsync();
        var (first, firstToken) = await Client.StartConversationAsync(tenant);
        (await Client.PostAsync(RequestHuman, new { id = first }, firstToken)).Ok();
        var (id, token) = await Client.StartConversationAsync(tenant);
        var before = await ReadAsync(id, token);

        (await Client.PostAsync(RequestHuman, new { id }, token)).AssertError("RATE_LIMITED");

        Assert.Equal(("BOT", before.MessageCount), await ReadAsync(id, token));
    }

    [Fact]
    public async Task RequestHuman_RightAfterTheCustomerResolved_IsRateLimited_AndTheConversationStaysResolved()
    {
        var (tenant, _) = await Client.CreateTenantAsync();
        var (id, token) = await Client.StartConversationAsync(tenant, "hello");
        (await Client.PostAsync("mutation($id: ID!) { resolve(conversationId: $id) { status } }", new { id }, token)).Ok();
        var before = await ReadAsync(id, token);

        (await Client.PostAsync(RequestHuman, new { id }, token)).AssertError("RATE_LIMITED");

        Assert.Equal(("RESOLVED", before.MessageCount), await ReadAsync(id, token));
    }

    [Fact]
    public async Task SendMessage_ReplayedByAnAgentWhoHandedTheConversationBack_IsForbidden_NotAnswered()
    {
        var tenant = await Client.CreateTenantWithArticlesAsync();
        var ana = await Client.TokenAsync(tenant.Id, tenant.ApiKey, "AGENT", "ana");
        var bob = await Client.TokenAsync(tenant.Id, tenant.ApiKey, "AGENT", "bob");
        (await Client.PostAsync(
            "mutation($i: SetPresenceInput!) { setPresence(input: $i) { id } }",
            new { i = new { presence = "AWAY", capacity = 2, queues = new[] { "support" } } },
            ana)).Ok();
        var (id, customer) = await Client.StartConversationAsync(tenant.Id);
        (await Client.PostAsync(RequestHuman, new { id }, customer)).Ok();
        (await Client.PostAsync("mutation { acceptNext { id } }", token: ana)).Ok();
        (await Client.SendMessageAsync(id, "Hi, Ana here.", "a1", ana)).Ok();
        (await Client.PostAsync("mutation($id: ID!) { handBack(conversationId: $id) { status } }", new { id }, ana)).Ok();
        var before = await ReadAsync(id, tenant.ManagerToken);

        (await Client.SendMessageAsync(id, "Hi, Ana here.", "a1", ana)).AssertError("FORBIDDEN");
        (await Client.SendMessageAsync(id, "Hi, Ana here.", "a1", bob)).AssertError("FORBIDDEN");

        Assert.Equal(before, await ReadAsync(id, tenant.ManagerToken));
        Assert.Equal("BOT", before.Status);
    }
}
