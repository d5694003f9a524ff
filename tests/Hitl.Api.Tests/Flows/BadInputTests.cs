using System.Net;
using System.Text;
using Hitl.Api.Tests.Infrastructure;

namespace Hitl.Api.Tests.Flows;

/// <summary>Bad input gets a clear error with a stable code and changes nothing.</summary>
[Collection(ApiCollection.Name)]
public sealed class BadInputTests(ApiFixture fixture)
{
    private GraphQLClient Client => fixture.Client;

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task EmptyMessage_IsBadInput_AndNotStored(string text)
    {
        var tenant = await Client.CreateTenantWithArticlesAsync();
        var (id, token) = await Client.StartConversationAsync(tenant.Id);
        (await Client.SendMessageAsync(id, text, "m1", token)).AssertError("BAD_USER_INPUT");
        Assert.Equal(0, await MessageCountAsync(id, token));
    }

    [Fact]
    public async Task OversizedMessage_IsBadInput_AndNotStored()
    {
        var tenant = await Client.CreateTenantWithArticlesAsync();
        var (id, token) = await Client.StartConversationAsync(tenant.Id);
        (await Client.SendMessageAsync(id, new string('a', 4001), "m1", token)).AssertError("BAD_USER_INPUT");
        Assert.Equal(0, await MessageCountAsync(id, token));

        // Exactly 4,000 characters is fine.
        (await Client.SendMessageAsync(id, new string('a', 4000), "m2", token)).Ok();
    }

    [Fact]
    public async Task MissingClientMessageId_IsBadInput()
    {
        var tenant = await Client.CreateTenantWithArticlesAsync();
        var (id, token) = await Client.StartConversationAsync(tenant.Id);
        (await Client.SendMessageAsync(id, "hello", "", token)).AssertError("BAD_USER_INPUT");
        Assert.Equal(0, await MessageCountAsync(id, token));
    }

    [Fact]
    public async Task UnknownConversation_IsNotFound()
    {
        var tenant = await Client.CreateTenantWithArticlesAsync();
        var response = await Client.PostAsync("query { conversation(id: \"c_missing\") { id } }", token: tenant.ManagerToken);
        response.AssertError("NOT_FOUND");
        Assert.Equal(System.Text.Json.JsonValueKind.Null, response.Data.GetProperty("conversation").ValueKind);
        (await Client.PostAsync("mutation { requestHuman(conversationId: \"c_missing\") { id } }", token: tenant.ManagerToken)).AssertError("NOT_FOUND");
    }

    [Fact]
    public async Task StartConversation_ForAnUnknownTenant_IsNotFound()
    {
        (await Client.PostAsync("mutation { startConversation(input: { tenant: \"no-such-tenant\" }) { token } }")).AssertError("NOT_FOUND");
    }

    [Fact]
    public async Task MessagesLast_AboveTheCap_IsBadInput()
    {
        var tenant = await Client.CreateTenantWithArticlesAsync();
        var (id, token) = await Client.StartConversationAsync(tenant.Id);
        (await Client.PostAsync("query($id: ID!) { conversation(id: $id) { messages(last: 201) { id } } }", new { id }, token)).AssertError("BAD_USER_INPUT");
        (await Client.PostAsync("query($id: ID!) { conversation(id: $id) { messages(last: -1) { id } } }", new { id }, token)).AssertError("BAD_USER_INPUT");
    }

    [Fact]
    public async Task InvalidPolicy_IsBadInput_AndTheVersionStays()
    {
        var tenant = await Client.CreateTenantWithArticlesAsync();
        (await Client.PostAsync("mutation { updatePolicy(input: { minConfidence: 1.5 }) { version } }", token: tenant.ManagerToken)).AssertError("BAD_USER_INPUT");
        (await Client.PostAsync("mutation { updatePolicy(input: { defaultQueue: \"\" }) { version } }", token: tenant.ManagerToken)).AssertError("BAD_USER_INPUT");
        var policy = (await Client.PostAsync("{ policy { version defaultQueue minConfidence } }", token: tenant.ManagerToken)).Ok().GetProperty("policy");
        Assert.Equal(1, policy.GetProperty("version").GetInt32());
        Assert.Equal("support", policy.GetProperty("defaultQueue").GetString());

        var updated = (await Client.PostAsync(
            "mutation { updatePolicy(input: { slaSeconds: 120, sensitiveTopics: [{ name: \"vip\", phrases: [\"ceo\"], queue: \"vip\", priority: 5 }] }) { version slaSeconds sensitiveTopics { name queue } amountRules { name } } }",
            token: tenant.ManagerToken)).Ok().GetProperty("updatePolicy");
        Assert.Equal(2, updated.GetProperty("version").GetInt32());
        Assert.Equal(120, updated.GetProperty("slaSeconds").GetInt32());
        Assert.Equal("vip", updated.GetProperty("sensitiveTopics")[0].GetProperty("name").GetString());
        Assert.Equal(1, updated.GetProperty("sensitiveTopics").GetArrayLength());
        Assert.Equal("large-refund", updated.GetProperty("amountRules")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task InvalidArticle_IsBadInput_AndNothingIsAdded()
    {
        var tenant = await Client.CreateTenantWithArticlesAsync();
        (await Client.PostAsync("mutation { upsertArticle(input: { title: \"\", body: \"b\" }) { id } }", token: tenant.ManagerToken)).AssertError("BAD_USER_INPUT");
        (await Client.PostAsync("mutation { upsertArticle(input: { id: \"bad id\", title: \"t\", body: \"b\" }) { id } }", token: tenant.ManagerToken)).AssertError("BAD_USER_INPUT");
        var articles = (await Client.PostAsync("{ articles { id } }", token: tenant.ManagerToken)).Ok().GetProperty("articles");
        Assert.Equal(3, articles.GetArrayLength());
    }

    [Fact]
    public async Task MalformedJson_Is400()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent("{\"query\": ", Encoding.UTF8, "application/json") };
        var response = await Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.True(response.HasErrors);
    }

    [Fact]
    public async Task WrongContentType_Is415()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent("{ __typename }", Encoding.UTF8, "text/plain") };
        using var response = await Client.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task UnknownField_IsAValidationError()
    {
        var response = await Client.PostAsync("{ nope }");
        Assert.Equal(HttpStatusCode.OK, response.Status);
        response.AssertError("GRAPHQL_VALIDATION_FAILED");
    }

    [Fact]
    public async Task OverDeepQuery_IsRejected_BeforeAnythingRuns()
    {
        var deep = "{ __schema { types { fields { type { " + string.Concat(Enumerable.Repeat("ofType { ", 16)) + "name" + new string('}', 16 + 4) + " }";
        var response = await Client.PostAsync(deep);
        response.AssertError("QUERY_TOO_COMPLEX");
    }

    [Fact]
    public async Task OverComplexQuery_IsRejected_BeforeAnythingRuns()
    {
        var tenant = await Client.CreateTenantWithArticlesAsync();
        var (id, token) = await Client.StartConversationAsync(tenant.Id);
        // Within the cap of 5 root fields (RootFieldCapTests), and far over the complexity limit through page sizes.
        var fields = string.Concat(Enumerable.Range(0, 5).Select(i => $"c{i}: conversation(id: \"{id}\") {{ messages(last: 10000) {{ id author text at sources }} }} "));
        var response = await Client.PostAsync("{ " + fields + "}", token: token);
        response.AssertError("QUERY_TOO_COMPLEX");
        Assert.False(response.Body.TryGetProperty("data", out _));
    }

    [Fact]
    public async Task StandardIntrospection_IsAllowed()
    {
        var data = (await Client.PostAsync(IntrospectionQuery)).Ok();
        Assert.Equal("Query", data.GetProperty("__schema").GetProperty("queryType").GetProperty("name").GetString());
    }

    private async Task<int> MessageCountAsync(string id, string token) =>
        (await Client.PostAsync("query($id: ID!) { conversation(id: $id) { messageCount } }", new { id }, token)).Ok()
            .GetProperty("conversation").GetProperty("messageCount").GetInt32();

    private const string IntrospectionQuery = """
        query IntrospectionQuery {
          __schema {
            queryType { name } mutationType { name } subscriptionType { name }
            types { ...FullType }
            directives { name description locations args { ...InputValue } }
          }
        }
        fragment FullType on __Type {
          kind name description
          fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
          inputFields { ...InputValue }
          interfaces { ...TypeRef }
          enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
          possibleTypes { ...TypeRef }
        }
        fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
        fragment TypeRef on __Type {
          kind name
          ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }
        }
        """;
}
