using System.Web;
using Hitl.Api.Tests.Infrastructure;

namespace Hitl.Api.Tests.Security;

/// <summary>One-time console sign-in links: created by admins, redeemed once, for staff only.</summary>
[Collection(ApiCollection.Name)]
public sealed class InviteTests(ApiFixture fixture)
{
    internal const string CreateInvite = "mutation($i: InviteInput!) { createInvite(input: $i) { url expiresAt } }";
    internal const string RedeemInvite = "mutation($c: String!) { redeemInvite(code: $c) { token role subject tenant expiresAt } }";

    private GraphQLClient Client => fixture.Client;

    [Fact]
    public async Task Invite_IsALinkWithACode_RedeemedOnceForATokenWithItsRoleSubjectAndName()
    {
        var (tenant, apiKey) = await Client.CreateTenantAsync();
        var admin = await Client.TokenAsync(tenant, apiKey, "ADMIN", "root");

        var before = DateTimeOffset.UtcNow;
        var invite = (await Client.PostAsync(CreateInvite, new { i = new { role = "MANAGER", subject = "mia", name = " Mia Manager " } }, admin)).Ok().GetProperty("createInvite");
        var url = new Uri(invite.GetProperty("url").GetString()!);
        Assert.Equal("/signin", url.AbsolutePath);
        var code = HttpUtility.ParseQueryString(url.Query)["code"];
        Assert.False(string.IsNullOrEmpty(code));
        var expiresAt = invite.GetProperty("expiresAt").GetDateTimeOffset();
        Assert.InRange(expiresAt, before.AddHours(23), before.AddHours(25));

        var redeemed = (await Client.PostAsync(RedeemInvite, new { c = code })).Ok().GetProperty("redeemInvite");
        Assert.Equal("MANAGER", redeemed.GetProperty("role").GetString());
        Assert.Equal("mia", redeemed.GetProperty("subject").GetString());
        Assert.Equal(tenant, redeemed.GetProperty("tenant").GetString());
        var token = redeemed.GetProperty("token").GetString()!;
        Assert.Equal("Mia Manager", TokenLifecycleTests.Read(token).Payload["name"]);
        (await Client.PostAsync("{ agents { id } }", token: token)).Ok();

        // The name outlives a refresh.
        var refreshed = (await Client.PostAsync("mutation { refreshToken { token } }", token: token)).Ok().GetProperty("refreshToken").GetProperty("token").GetString()!;
        Assert.Equal("Mia Manager", TokenLifecycleTests.Read(refreshed).Payload["name"]);

        // Second use: refused with the same answer as a code that never existed.
        var again = await Client.PostAsync(RedeemInvite, new { c = code });
        again.AssertError("UNAUTHENTICATED");
        var unknown = await Client.PostAsync(RedeemInvite, new { c = "not-a-code" });
        unknown.AssertError("UNAUTHENTICATED");
        Assert.Equal(unknown.ErrorMessage, again.ErrorMessage);
        (await Client.PostAsync(RedeemInvite, new { c = new string('x', 5000) })).AssertError("UNAUTHENTICATED");
        Assert.Equal(unknown.ErrorMessage, (await Client.PostAsync(RedeemInvite, new { c = "" })).ErrorMessage);
    }

    [Fact]
    public async Task AnAgentSignedInByInvite_IsListedWithItsName_AndCanBeGrantedQueuesBeforeItSetsPresence()
    {
        var (tenant, apiKey) = await Client.CreateTenantAsync();
        var admin = await Client.TokenAsync(tenant, apiKey, "ADMIN", "root");
        Assert.Equal(0, (await Client.PostAsync("{ agents { id } }", token: admin)).Ok().GetProperty("agents").GetArrayLength());

        var url = (await Client.PostAsync(CreateInvite, new { i = new { role = "AGENT", subject = "ben", name = "Ben Ode" } }, admin)).Ok().GetProperty("createInvite").GetProperty("url").GetString()!;
        (await Client.PostAsync(RedeemInvite, new { c = HttpUtility.ParseQueryString(new Uri(url).Query)["code"] })).Ok();
        var ben = Assert.Single((await Client.PostAsync("{ agents { id name presence queues } }", token: admin)).Ok().GetProperty("agents").EnumerateArray());
        Assert.Equal("ben", ben.GetProperty("id").GetString());
        Assert.Equal("Ben Ode", ben.GetProperty("name").GetString());
        Assert.Equal("OFFLINE", ben.GetProperty("presence").GetString());

        // An admin's invite lists nobody: admins are not agents.
        (await Client.PostAsync(RedeemInvite, new { c = await CodeAsync(Client, admin, "ADMIN", "ada") })).Ok();
        Assert.Single((await Client.PostAsync("{ agents { id } }", token: admin)).Ok().GetProperty("agents").EnumerateArray());
    }

    [Fact]
    public async Task ConcurrentRedeems_OfOneCode_GiveOneToken()
    {
        var (tenant, apiKey) = await Client.CreateTenantAsync();
        var admin = await Client.TokenAsync(tenant, apiKey, "ADMIN", "root");
        var code = await CodeAsync(Client, admin, "AGENT", "ana");

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Client.PostAsync(RedeemInvite, new { c = code })));
        Assert.Single(answers, a => !a.HasErrors);
        Assert.All(answers.Where(a => a.HasErrors), a => a.AssertError("UNAUTHENTICATED"));
    }

    [Fact]
    public async Task CustomerInvites_AreBadInput_AndNonAdminsAreRefused_AndNothingIsCreated()
    {
        var (tenant, apiKey) = await Client.CreateTenantAsync();
        var admin = await Client.TokenAsync(tenant, apiKey, "ADMIN", "root");
        var manager = await Client.TokenAsync(tenant, apiKey, "MANAGER", "mia");
        var (_, customer) = await Client.StartConversationAsync(tenant);

        (await Client.PostAsync(CreateInvite, new { i = new { role = "CUSTOMER", subject = "casey" } }, admin)).AssertError("BAD_USER_INPUT");
        (await Client.PostAsync(CreateInvite, new { i = new { role = "AGENT", subject = "no spaces" } }, admin)).AssertError("BAD_USER_INPUT");
        (await Client.PostAsync(CreateInvite, new { i = new { role = "AGENT", subject = "ana", name = "   " } }, admin)).AssertError("BAD_USER_INPUT");
        (await Client.PostAsync(CreateInvite, new { i = new { role = "AGENT", subject = "ana", name = new string('n', 201) } }, admin)).AssertError("BAD_USER_INPUT");
        (await Client.PostAsync(CreateInvite, new { i = new { role = "ADMIN", subject = "eve" } }, manager)).AssertError("FORBIDDEN");
        (await Client.PostAsync(CreateInvite, new { i = new { role = "ADMIN", subject = "eve" } }, customer)).AssertError("FORBIDDEN");
        (await Client.PostAsync(CreateInvite, new { i = new { role = "ADMIN", subject = "eve" } })).AssertError("UNAUTHENTICATED");
    }

    [Fact]
    public async Task InviteLinks_UseTheConfiguredPublicBaseUrl_AndTheConfiguredLifetime()
    {
        var factory = new HitlApiFactory(settings: new Dictionary<string, string>
        {
            ["Hitl:PublicBaseUrl"] = "https://support.example.com/",
            ["Hitl:Invites:Lifetime"] = "02:00:00",
            ["Hitl:SeedDemo"] = "false",
        });
        try
        {
            var client = new GraphQLClient(factory.CreateClient());
            var (tenant, apiKey) = await client.CreateTenantAsync();
            var admin = await client.TokenAsync(tenant, apiKey, "ADMIN", "root");
            var before = DateTimeOffset.UtcNow;
            var invite = (await client.PostAsync(CreateInvite, new { i = new { role = "AGENT", subject = "ana" } }, admin)).Ok().GetProperty("createInvite");
            Assert.StartsWith("https://support.example.com/signin?code=", invite.GetProperty("url").GetString(), StringComparison.Ordinal);
            Assert.InRange(invite.GetProperty("expiresAt").GetDateTimeOffset(), before.AddHours(1.9), before.AddHours(2.1));
        }
        finally
        {
            await factory.DisposeAsync();
            factory.DeleteData();
        }
    }

    internal static async Task<string> CodeAsync(GraphQLClient client, string admin, string role, string subject)
    {
        var invite = (await client.PostAsync(CreateInvite, new { i = new { role, subject } }, admin)).Ok().GetProperty("createInvite");
        return HttpUtility.ParseQueryString(new Uri(invite.GetProperty("url").GetString()!).Query)["code"]!;
    }
}
