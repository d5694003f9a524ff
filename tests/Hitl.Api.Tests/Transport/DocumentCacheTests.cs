using System.Net;
using System.Text;
using System.Text.Json;
using GraphQL.DI;
using GraphQL.Validation;
using GraphQL.Validation.Rules;
using Hitl.Api.GraphQL;
using Microsoft.Extensions.DependencyInjection;

namespace Hitl.Api.Tests.Transport;

/// <summary>
/// A repeated query text runs from the parsed-document cache, and what depends on the request
/// rather than the text (variables, limits computed from argument values, the HTTP method) is
/// still checked every time.
/// </summary>
public sealed class DocumentCacheTests(TransportHost host) : IClassFixture<TransportHost>
{
    private DocumentCache Cache => host.Server.Services.GetServices<IConfigureExecution>().OfType<DocumentCache>().Single();

    [Fact]
    public async Task RepeatedQuery_IsServedFromTheCache_WithTheSameAnswer()
    {
        const string query = "query Repeat($v: Int!) { double(value: $v) hello }";
        var misses = Cache.Misses;

        using var first = await PostAsync(query, new { v = 2 });
        var hits = Cache.Hits;
        using var second = await PostAsync(query, new { v = 5 });

        Assert.Equal(4, Data(first).GetProperty("double").GetInt32());
        Assert.Equal(10, Data(second).GetProperty("double").GetInt32());
        Assert.Equal("world", Data(second).GetProperty("hello").GetString());
        Assert.Equal(misses + 1, Cache.Misses);
        Assert.Equal(hits + 1, Cache.Hits);
    }

    [Fact]
    public async Task InvalidDocument_IsNotCached_AndFailsEveryTime()
    {
        const string query = "{ hello nope }";
        var hits = Cache.Hits;

        for (var i = 0; i < 2; i++)
        {
            using var body = await PostAsync(query);
            Assert.Equal("GRAPHQL_VALIDATION_FAILED", FirstCode(body));
        }

        Assert.Equal(hits, Cache.Hits);
    }

    [Fact]
    public async Task CachedDocument_StillCoercesVariables()
    {
        const string query = "query Coerce($v: Int!) { double(value: $v) }";
        using var valid = await PostAsync(query, new { v = 21 });
        Assert.Equal(42, Data(valid).GetProperty("double").GetInt32());
        var hits = Cache.Hits;

        using var wrongType = await PostAsync(query, new { v = "abc" });
        using var missing = await PostAsync(query);

        Assert.Equal(hits + 2, Cache.Hits);
        Assert.Equal("BAD_USER_INPUT", FirstCode(wrongType));
        Assert.False(wrongType.RootElement.TryGetProperty("data", out _));
        Assert.Equal("BAD_USER_INPUT", FirstCode(missing));
    }

    [Fact]
    public async Task CachedDocument_StillChecksComplexityFromItsArguments()
    {
        // page(first: $n) multiplies its children by n: 1 + 1 is allowed, 1 + 1000 is over the limit.
        const string query = "query Page($n: Int) { page(first: $n) { level } }";
        using var small = await PostAsync(query, new { n = 1 });
        Assert.Equal(1, Data(small).GetProperty("page").GetArrayLength());
        var hits = Cache.Hits;

        using var large = await PostAsync(query, new { n = 1000 });

        Assert.Equal(hits + 1, Cache.Hits);
        Assert.Equal("QUERY_TOO_COMPLEX", FirstCode(large));
        Assert.False(large.RootElement.TryGetProperty("data", out _));
    }

    [Fact]
    public async Task CachedMutation_SentWithGet_IsStillRefused_AndDoesNotRun()
    {
        var key = Guid.NewGuid().ToString("N");
        var mutation = $$"""mutation { touch(key: "{{key}}") }""";
        using var posted = await PostAsync(mutation);
        Assert.Equal(1, host.Probe.Count(key));
        var hits = Cache.Hits;

        var response = await host.Client.GetAsync("/graphql?query=" + Uri.EscapeDataString(mutation));

        Assert.Equal(hits + 1, Cache.Hits);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("METHOD_NOT_ALLOWED", FirstCode(body));
        Assert.Equal(1, host.Probe.Count(key));
    }

    [Fact]
    public void OnlyTheSpecRulesThatReadNothingButTheDocument_AreSkipped()
    {
        Assert.True(DocumentCache.SkipsForCachedDocument(FieldsOnCorrectType.Instance));
        Assert.True(DocumentCache.SkipsForCachedDocument(OverlappingFieldsCanBeMerged.Instance));
        // Runs field argument validators on the parsed argument values.
        Assert.False(DocumentCache.SkipsForCachedDocument(FieldArgumentsAreValidRule.Instance));
        Assert.All(DocumentValidator.CoreRules.Where(DocumentCache.SkipsForCachedDocument), rule =>
            Assert.Equal(typeof(ValidationRuleBase), rule.GetType().GetMethod(nameof(ValidationRuleBase.GetPostNodeVisitorAsync))!.DeclaringType));
    }

    private async Task<JsonDocument> PostAsync(string query, object? variables = null)
    {
        var json = JsonSerializer.Serialize(new { query, variables });
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await host.Client.PostAsync("/graphql", content);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    private static JsonElement Data(JsonDocument body)
    {
        Assert.False(body.RootElement.TryGetProperty("errors", out var errors), errors.ToString());
        return body.RootElement.GetProperty("data");
    }

    private static string? FirstCode(JsonDocument body) =>
        body.RootElement.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString();
}
