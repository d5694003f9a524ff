using System.Net;
using System.Text;
using Hitl.Api.Tests.Infrastructure;

namespace Hitl.Api.Tests.Security;

/// <summary>
/// At most 5 root fields per operation (<c>Hitl:RateLimits:MaxRootFields</c>), on the shared server whose rate limits
/// are off: the cap holds regardless. Aliases, fragment spreads, inline fragments and introspection fields count; an
/// operation over the cap is refused with 429 / <c>RATE_LIMITED</c> before anything runs.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class RootFieldCapTests(ApiFixture api)
{
    private GraphQLClient Client => api.Client;

    [Fact]
    public async Task The_aliased_startConversation_flood_is_refused_whole_and_starts_no_conversation()
    {
        var (tenant, _) = await Client.CreateTenantAsync();
        // A thousand aliases of one call, with the input in a variable so the request stays under the body limit.
        var flood = new StringBuilder("mutation($i: StartConversationInput!) {");
        for (var i = 1; i <= 1000; i++)
        {
            flood.Append(System.Globalization.CultureInfo.InvariantCulture, $" a{i}: startConversation(input: $i) {{ token }}");
        }

        flood.Append(" }");
        Assert.InRange(Encoding.UTF8.GetByteCount(flood.ToString()), 30_000, 60_000);
        var response = await Client.PostAsync(flood.ToString(), new { i = new { tenant, customerName = "Mallory" } });

        Assert.Equal(HttpStatusCode.TooManyRequests, response.Status);
        response.AssertError("RATE_LIMITED");
        Assert.Single(response.Body.GetProperty("errors").EnumerateArray());
        Assert.Contains("at most 5 root fields", response.ErrorMessage, StringComparison.Ordinal);

        // Execution never started: no "data" at all, so no resolver ran and no token was issued.
        Assert.False(response.Body.TryGetProperty("data", out _), response.Body.ToString());
    }

    [Fact]
    public async Task Six_aliased_writes_are_refused_and_none_of_them_happens_while_five_pass()
    {
        var tenant = await Client.CreateTenantWithArticlesAsync();
        var six = Upserts("six", 6);
        var refused = await Client.PostAsync(six, null, tenant.ManagerToken);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        refused.AssertError("RATE_LIMITED");
        Assert.False(refused.Body.TryGetProperty("data", out _));
        Assert.DoesNotContain(await ArticleIdsAsync(tenant), id => id.StartsWith("six-", StringComparison.Ordinal));

        (await Client.PostAsync(Upserts("five", 5), null, tenant.ManagerToken)).Ok();
        Assert.Equal(5, (await ArticleIdsAsync(tenant)).Count(id => id.StartsWith("five-", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("fragment spreads", "mutation { ...A ...B } fragment A on Mutation { a1: upsertArticle(input: $i1) { id } a2: upsertArticle(input: $i2) { id } a3: upsertArticle(input: $i3) { id } } fragment B on Mutation { b1: upsertArticle(input: $i4) { id } b2: upsertArticle(input: $i5) { id } b3: upsertArticle(input: $i6) { id } }")]
    [InlineData("inline fragments", "mutation { ... on Mutation { a1: upsertArticle(input: $i1) { id } a2: upsertArticle(input: $i2) { id } a3: upsertArticle(input: $i3) { id } } ... { b1: upsertArticle(input: $i4) { id } b2: upsertArticle(input: $i5) { id } b3: upsertArticle(input: $i6) { id } } }")]
    [InlineData("skipped fields", "mutation { a1: upsertArticle(input: $i1) { id } a2: upsertArticle(input: $i2) { id } a3: upsertArticle(input: $i3) { id } a4: upsertArticle(input: $i4) { id } a5: upsertArticle(input: $i5) { id } a6: upsertArticle(input: $i6) @skip(if: true) { id } }")]
    public async Task Fields_brought_in_by_fragments_or_skipped_count_toward_the_cap(string how, string selection)
    {
        var tenant = await Client.CreateTenantWithArticlesAsync();
        var variables = string.Join(", ", Enumerable.Range(1, 6).Select(i => $"$i{i}: ArticleInput!"));
        var query = selection.Replace("mutation {", $"mutation({variables}) {{", StringComparison.Ordinal);
        var values = Enumerable.Range(1, 6).ToDictionary(
            i => $"i{i}",
            i => (object)new { id = $"frag-{i}", title = "Injected " + how, body = "Six at once.", questions = Array.Empty<string>() });

        var refused = await Client.PostAsync(query, values, tenant.ManagerToken);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        refused.AssertError("RATE_LIMITED");
        Assert.DoesNotContain(await ArticleIdsAsync(tenant), id => id.StartsWith("frag-", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{ a: __typename b: __typename c: __typename d: __typename e: __typename f: __typename }")]
    [InlineData("{ __schema { queryType { name } } a: __typename b: __typename c: __typename d: __typename e: __typename }")]
    public async Task Introspection_fields_count_too(string query)
    {
        var response = await Client.PostAsync(query);
        Assert.Equal(HttpStatusCode.TooManyRequests, response.Status);
        response.AssertError("RATE_LIMITED");

        // Five pass.
        (await Client.PostAsync("{ a: __typename b: __typename c: __typename d: __typename e: __typename }")).Ok();
    }

    private static string Upserts(string prefix, int count)
    {
        var query = new StringBuilder("mutation {");
        for (var i = 1; i <= count; i++)
        {
            query.Append(System.Globalization.CultureInfo.InvariantCulture, $" u{i}: upsertArticle(input: {{ id: \"{prefix}-{i}\", title: \"Planted {i}\", body: \"Planted by a batch.\", questions: [] }}) {{ id }}");
        }

        return query.Append(" }").ToString();
    }

    private async Task<List<string>> ArticleIdsAsync(TestTenant tenant) =>
        [.. (await Client.PostAsync("{ articles { id } }", null, tenant.ManagerToken)).Ok().GetProperty("articles").EnumerateArray().Select(a => a.GetProperty("id").GetString()!)];
}
