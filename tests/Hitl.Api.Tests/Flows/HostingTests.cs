using System.Net;
using Hitl.Api.Tests.Infrastructure;

namespace Hitl.Api.Tests.Flows;

/// <summary>Health endpoints, the demo seed, and a restart on the same data directory.</summary>
public sealed class HostingTests
{
    [Fact]
    public async Task Health_LiveAndReady()
    {
        await using var factory = new HitlApiFactory();
        try
        {
            using var http = factory.CreateClient();
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/health/live", UriKind.Relative))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);
        }
        finally
        {
            await factory.DisposeAsync();
            factory.DeleteData();
        }
    }

    [Fact]
    public async Task Restart_OnTheSameDataDirectory_LosesNothing_AndReusesTheDemoKey()
    {
        var first = new HitlApiFactory();
        var data = first.DataDirectory;
        string conversation, customerToken, demoKey;
        try
        {
            var client = new GraphQLClient(first.CreateClient());
            demoKey = File.ReadAllText(Path.Combine(data, "demo-api.key")).Trim();
            var manager = await client.TokenAsync("demo", demoKey, "MANAGER", "mia");
            var articles = (await client.PostAsync("{ articles { id } }", token: manager)).Ok().GetProperty("articles");
            Assert.InRange(articles.GetArrayLength(), 8, 15);

            (conversation, customerToken) = await client.StartConversationAsync("demo");
            (await client.SendMessageAsync(conversation, "I forgot my password", "m1", customerToken)).Ok();
            (await client.PostAsync("mutation { updatePolicy(input: { slaSeconds: 77 }) { version } }", token: manager)).Ok();
        }
        finally
        {
            await first.DisposeAsync();
        }

        var second = new HitlApiFactory(data);
        try
        {
            var client = new GraphQLClient(second.CreateClient());
            Assert.Equal(demoKey, File.ReadAllText(Path.Combine(data, "demo-api.key")).Trim());

            // The old customer token still works (the signing key lives in configuration here) and the transcript is intact.
            var view = (await client.PostAsync(
                "query($id: ID!) { conversation(id: $id) { messageCount messages { author text } } }",
                new { id = conversation },
                customerToken)).Ok().GetProperty("conversation");
            Assert.Equal(2, view.GetProperty("messageCount").GetInt32());
            Assert.Equal("I forgot my password", view.GetProperty("messages")[0].GetProperty("text").GetString());

            var manager = await client.TokenAsync("demo", demoKey, "MANAGER", "mia");
            var policy = (await client.PostAsync("{ policy { slaSeconds version } }", token: manager)).Ok().GetProperty("policy");
            Assert.Equal(77, policy.GetProperty("slaSeconds").GetInt32());
            Assert.Equal(2, policy.GetProperty("version").GetInt32());

            // The seed did not run twice.
            var articles = (await client.PostAsync("{ articles { id } }", token: manager)).Ok().GetProperty("articles");
            Assert.InRange(articles.GetArrayLength(), 8, 15);
        }
        finally
        {
            await second.DisposeAsync();
            second.DeleteData();
        }
    }

    [Fact]
    public async Task WithoutConfiguredSecrets_KeysAreGeneratedOnce_AndTokensOutliveARestart()
    {
        var first = new HitlApiFactory(configureSecrets: false);
        var data = first.DataDirectory;
        string operatorKey, token;
        try
        {
            var client = new GraphQLClient(first.CreateClient());
            operatorKey = File.ReadAllText(Path.Combine(data, "operator.key")).Trim();
            Assert.True(File.Exists(Path.Combine(data, "jwt-signing.key")));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(data, "jwt-signing.key")));
            }

            var created = (await client.PostAsync(
                "mutation($i: CreateTenantInput!) { createTenant(input: $i) { apiKey } }",
                new { i = new { id = "acme", name = "Acme", operatorKey } })).Ok();
            var apiKey = created.GetProperty("createTenant").GetProperty("apiKey").GetString()!;
            token = await client.TokenAsync("acme", apiKey, "MANAGER", "mia");
        }
        finally
        {
            await first.DisposeAsync();
        }

        var second = new HitlApiFactory(data, configureSecrets: false);
        try
        {
            var client = new GraphQLClient(second.CreateClient());
            Assert.Equal(operatorKey, File.ReadAllText(Path.Combine(data, "operator.key")).Trim());
            (await client.PostAsync("{ policy { version } }", token: token)).Ok();
        }
        finally
        {
            await second.DisposeAsync();
            second.DeleteData();
        }
    }
}
