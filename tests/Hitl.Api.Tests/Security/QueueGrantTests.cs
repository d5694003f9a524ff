using System.Text.Json;
using Hitl.Api.Auth;
using Hitl.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Hitl.Api.Tests.Security;

/// <summary>
/// Queues are granted, not chosen: an agent serves the queues a manager granted (the default queue without a grant),
/// a made-up queue never comes into being, and an agent un-granted from a queue gets no more of its work.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class QueueGrantTests(ApiFixture fixture)
{
    private const string SetPresence = "mutation($i: SetPresenceInput!) { setPresence(input: $i) { id presence capacity queues load } }";
    private const string Grant = "mutation($a: ID!, $q: [String!]!) { setAgentQueues(agentId: $a, queues: $q) { id queues presence } }";
    private const string Me = "{ me { id presence capacity queues load } }";
    private const string Legal = "I will talk to my lawyer about this";
    private const string ChargedTwice = "I was charged twice this month";

    private GraphQLClient Client => fixture.Client;

    [Fact]
    public async Task AnAgentWithoutAGrant_CannotJoinLegalOrReview_AndNothingChanges()
    {
        var tenant = await Client.CreateTenantWithArticlesAsync();
        var agent = await Client.TokenAsync(tenant.Id, tenant.ApiKey, "AGENT", "ana");
        var before = (await Client.PostAsync(SetPresence, new { i = new { presence = "AWAY", capacity = 2 } }, agent)).Ok().GetProperty("setPresence");
        Assert.Equal(["support"], Names(before.GetProperty("queues")));
        var legalItem = await EscalateAsync(tenant, Legal, "legal");

        foreach (var queue in new[] { "legal", "review" })
        {
            var refused = await Client.PostAsync(SetPresence, new { i = new { presence = "ONLINE", capacity = 3, queues = new[] { "support", queue } } }, agent);
            refused.AssertError("BAD_USER_INPUT");
            Assert.Contains($"'{queue}'", refused.ErrorMessage!, StringComparison.Ordinal);
        }

        Assert.Equal(before.ToString(), (await Client.PostAsync(Me, token: agent)).Ok().GetProperty("me").ToString());
        (await Client.PostAsync("{ queue(name: \"legal\") { waiting } }", token: agent)).AssertError("FORBIDDEN");
        (await Client.PostAsync("mutation($id: ID!) { claim(workItemId: $id) { id } }", new { id = legalItem }, agent)).AssertError("FORBIDDEN");
        (await Client.PostAsync("mutation { acceptNext(queue: \"review\") { id } }", token: agent)).AssertError("FORBIDDEN");
        Assert.Equal(1, await WaitingAsync(tenant, "legal"));
    }

    [Fact]
    public async Task AMadeUpQueue_IsRefused_AndManagersDoNotSeeIt()
    {
        var tenant = await Client.CreateTenantWithArticlesAsync();
        var agent = await Client.TokenAsync(tenant.Id, tenant.ApiKey, "AGENT", "ana");
        (await Client.PostAsync(SetPresence, new { i = new { presence = "AWAY", queues = new[] { "made-up-queue" } } }, agent)).AssertError("BAD_USER_INPUT");
        (await Client.PostAsync(SetPresence, new { i = new { presence = "AWAY", queues = new[] { "not a queue" } } }, agent)).AssertError("BAD_USER_INPUT");
        Assert.Equal("OFFLINE", (await Client.PostAsync(Me, token: agent)).Ok().GetProperty("me").GetProperty("presence").GetString());

        var queues = Names((await Client.PostAsync("{ queues { name } }", token: tenant.ManagerToken)).Ok().GetProperty("queues"), "name");
        Assert.DoesNotContain("made-up-queue", queues);
        Assert.Contains("review", queues);
        Assert.Contains("support", queues);
        (await Client.PostAsync("{ queue(name: \"made-up-queue\") { waiting } }", token: tenant.ManagerToken)).AssertError("NOT_FOUND");
        (await Client.PostAsync("mutation { reviewDraft(input: { workItemId: \"made-up-queue~d_1\", decision: APPROVE }) { id } }", token: tenant.ManagerToken)).AssertError("NOT_FOUND");
    }

    [Fact]
    public async Task TransferToAQueueTheTenantDoesNotKnow_OrToTheReviewQueue_IsRefused()
    {
        var tenant = await Client.CreateTenantWithArticlesAsync();
        var (id, customer) = await Client.StartConversationAsync(tenant.Id);
        (await Client.PostAsync("mutation($id: ID!) { requestHuman(conversationId: $id) { id } }", new { id }, customer)).Ok();
        const string Transfer = "mutation($i: TransferInput!) { transfer(input: $i) { id } }";
        const string Read = "query($id: ID!) { conversation(id: $id) { status owner { queue } escalations { id } } }";
        var before = (await Client.PostAsync(Read, new { id }, tenant.ManagerToken)).Ok().ToString();

        foreach (var queue in new[] { "made-up-queue", "review" })
        {
            (await Client.PostAsync(Transfer, new { i = new { conversationId = id, queue } }, tenant.ManagerToken)).AssertError("BAD_USER_INPUT");
        }

        Assert.Equal(before, (await Client.PostAsync(Read, new { id }, tenant.ManagerToken)).Ok().ToString());
        Assert.DoesNotContain("made-up-queue", Names((await Client.PostAsync("{ queues { name } }", token: tenant.ManagerToken)).Ok().GetProperty("queues"), "name"));
    }

    [Fact]
    public async Task OnlyManagersGrant_AndABadGrantChangesNothing()
    {
        var tenant = await Client.CreateTenantWithArticlesAsync();
        var agent = await Client.TokenAsync(tenant.Id, tenant.ApiKey, "AGENT", "ana");
        var (_, customer) = await Client.StartConversationAsync(tenant.Id);
        (await Client.PostAsync(Grant, new { a = "ana", q = new[] { "legal" } }, agent)).AssertError("FORBIDDEN");
        (await Client.PostAsync(Grant, new { a = "ana", q = new[] { "legal" } }, customer)).AssertError("FORBIDDEN");
        (await Client.PostAsync(Grant, new { a = "ana", q = new[] { "legal", "not a queue" } }, tenant.ManagerToken)).AssertError("BAD_USER_INPUT");
        (await Client.PostAsync(Grant, new { a = "not an agent!", q = new[] { "legal" } }, tenant.ManagerToken)).AssertError("BAD_USER_INPUT");

        (await Client.PostAsync(SetPresence, new { i = new { presence = "AWAY", queues = new[] { "legal" } } }, agent)).AssertError("BAD_USER_INPUT");
        var agents = (await Client.PostAsync("{ agents { id } }", token: tenant.ManagerToken)).Ok().GetProperty("agents");
        Assert.DoesNotContain(agents.EnumerateArray(), a => a.GetProperty("id").GetString() == "not an agent!");
    }

    [Fact]
    public async Task GrantThenJoin_Works_AndGrantingANewNameCreatesTheQueue()
    {
        var tenant = await Client.CreateTenantWithArticlesAsync();

        // Granted before the agent ever signs in.
        var granted = (await Client.PostAsync(Grant, new { a = "lea", q = new[] { "legal", "vip-desk" } }, tenant.ManagerToken)).Ok().GetProperty("setAgentQueues");
        Assert.Equal("lea", granted.GetProperty("id").GetString());
        Assert.Equal(["legal", "vip-desk"], Names(granted.GetProperty("queues")));
        Assert.Contains("vip-desk", Names((await Client.PostAsync("{ queues { name } }", token: tenant.ManagerToken)).Ok().GetProperty("queues"), "name"));

        var lea = await Client.TokenAsync(tenant.Id, tenant.ApiKey, "AGENT", "lea");
        var set = (await Client.PostAsync(SetPresence, new { i = new { presence = "AWAY", queues = new[] { "legal" } } }, lea)).Ok().GetProperty("setPresence");
        Assert.Equal(["legal"], Names(set.GetProperty("queues")));
        (await Client.PostAsync(SetPresence, new { i = new { presence = "AWAY", queues = new[] { "support" } } }, lea)).AssertError("BAD_USER_INPUT");

        var item = await EscalateAsync(tenant, Legal, "legal");
        var claimed = (await Client.PostAsync("mutation($id: ID!) { claim(workItemId: $id) { id assignedTo } }", new { id = item }, lea)).Ok().GetProperty("claim");
        Assert.Equal("lea", claimed.GetProperty("assignedTo").GetString());
        Assert.Equal(1, (await Client.PostAsync(Me, token: lea)).Ok().GetProperty("me").GetProperty("load").GetInt32());
    }

    [Fact]
    public async Task AnUngrantedAgent_GetsNoMoreOffersFromTheQueue()
    {
        var tenant = await Client.CreateTenantWithArticlesAsync();

        // aaron would win every tie (idle the longest, first by id) if billing still offered him work.
        (await Client.PostAsync(Grant, new { a = "aaron", q = new[] { "billing" } }, tenant.ManagerToken)).Ok();
        var aaron = await Client.TokenAsync(tenant.Id, tenant.ApiKey, "AGENT", "aaron");
        var online = (await Client.PostAsync(SetPresence, new { i = new { presence = "ONLINE", capacity = 2 } }, aaron)).Ok().GetProperty("setPresence");
        Assert.Equal(["billing"], Names(online.GetProperty("queues")));

        var ungranted = (await Client.PostAsync(Grant, new { a = "aaron", q = Array.Empty<string>() }, tenant.ManagerToken)).Ok().GetProperty("setAgentQueues");
        Assert.Equal(["support"], Names(ungranted.GetProperty("queues")));
        Assert.Equal(["support"], Names((await Client.PostAsync(Me, token: aaron)).Ok().GetProperty("me").GetProperty("queues")));

        (await Client.PostAsync(Grant, new { a = "zed", q = new[] { "billing" } }, tenant.ManagerToken)).Ok();
        var zed = await Client.TokenAsync(tenant.Id, tenant.ApiKey, "AGENT", "zed");
        (await Client.PostAsync(SetPresence, new { i = new { presence = "ONLINE", capacity = 2 } }, zed)).Ok();

        var (id, customer) = await Client.StartConversationAsync(tenant.Id);
        (await Client.SendMessageAsync(id, ChargedTwice, "m1", customer)).Ok();
        var owner = await WaitAsync(
            async () => (await Client.PostAsync("query($id: ID!) { conversation(id: $id) { status owner { agentId } } }", new { id }, tenant.ManagerToken)).Ok().GetProperty("conversation"),
            c => c.GetProperty("status").GetString() == "HUMAN");
        Assert.Equal("zed", owner.GetProperty("owner").GetProperty("agentId").GetString());
        Assert.Equal(0, (await Client.PostAsync(Me, token: aaron)).Ok().GetProperty("me").GetProperty("load").GetInt32());
        (await Client.PostAsync("{ queue(name: \"billing\") { waiting } }", token: aaron)).AssertError("FORBIDDEN");
    }

    [Fact]
    public async Task SetPresence_RecordsTheDisplayNameTheTokenCarries()
    {
        var tenant = await Client.CreateTenantWithArticlesAsync();
        var named = NamedToken(tenant.Id, "nora", "Nora N.");
        Assert.Equal("Nora N.", (await Client.PostAsync("mutation { setPresence(input: { presence: AWAY }) { name } }", token: named)).Ok()
            .GetProperty("setPresence").GetProperty("name").GetString());

        // A token without a name keeps the one recorded.
        var plain = await Client.TokenAsync(tenant.Id, tenant.ApiKey, "AGENT", "nora");
        (await Client.PostAsync("mutation { setPresence(input: { presence: ONLINE }) { id } }", token: plain)).Ok();
        var agents = (await Client.PostAsync("{ agents { id name } }", token: tenant.ManagerToken)).Ok().GetProperty("agents");
        Assert.Equal("Nora N.", agents.EnumerateArray().Single(a => a.GetProperty("id").GetString() == "nora").GetProperty("name").GetString());
    }

    /// <summary>An AGENT token carrying a display name (the <c>name</c> claim invites put in), signed with the installation's key.</summary>
    private string NamedToken(string tenant, string subject, string name)
    {
        var options = fixture.Factory.Services.GetRequiredService<IOptions<JwtOptions>>().Value;
        var key = fixture.Factory.Services.GetRequiredService<SigningKeyProvider>().Key;
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            Claims = new Dictionary<string, object>
            {
                [HitlClaims.Tenant] = tenant,
                [HitlClaims.Role] = "AGENT",
                [HitlClaims.Subject] = subject,
                [HitlClaims.Name] = name,
                [HitlClaims.TokenId] = Guid.NewGuid().ToString("N"),
            },
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddHours(1),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>Escalates a new conversation with <paramref name="text"/> and returns its work item id in <paramref name="queue"/>.</summary>
    private async Task<string> EscalateAsync(TestTenant tenant, string text, string queue)
    {
        var (id, customer) = await Client.StartConversationAsync(tenant.Id);
        (await Client.SendMessageAsync(id, text, "m1", customer)).Ok();
        var items = (await Client.PostAsync("query($q: String!) { queue(name: $q) { items { id conversation { id } } } }", new { q = queue }, tenant.ManagerToken)).Ok()
            .GetProperty("queue").GetProperty("items");
        return items.EnumerateArray().Single(i => i.GetProperty("conversation").GetProperty("id").GetString() == id).GetProperty("id").GetString()!;
    }

    private async Task<int> WaitingAsync(TestTenant tenant, string queue) =>
        (await Client.PostAsync("query($q: String!) { queue(name: $q) { waiting } }", new { q = queue }, tenant.ManagerToken)).Ok().GetProperty("queue").GetProperty("waiting").GetInt32();

    private static List<string?> Names(JsonElement list, string? property = null) =>
        [.. list.EnumerateArray().Select(e => property is null ? e.GetString() : e.GetProperty(property).GetString())];

    /// <summary>Automatic assignment runs on the queue's own turn: read until it shows (or give up after 10 s).</summary>
    private static async Task<JsonElement> WaitAsync(Func<Task<JsonElement>> read, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }

            await Task.Delay(20);
        }
    }
}
