using Hitl.Grains.Common;
using Hitl.Grains.Knowledge;

namespace Hitl.Grains.Tests.Grains;

[Collection(ClusterCollection.Name)]
public sealed class KnowledgeBaseGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Upsert_Replace_Delete_BumpTheVersion()
    {
        var tenant = await TestTenants.CreateAsync(fixture.Grains, withArticles: false);
        var kb = fixture.Grains.GetGrain<IKnowledgeBaseGrain>(tenant);
        Assert.Equal(0, await kb.GetVersionAsync());

        var created = await kb.UpsertArticleAsync(new ArticleInput(null, " Title ", "Body", ["Q?"]));
        Assert.StartsWith("a_", created.Id, StringComparison.Ordinal);
        Assert.Equal("Title", created.Title);
        Assert.Equal(1, await kb.GetVersionAsync());

        await kb.UpsertArticleAsync(new ArticleInput(created.Id, "New title", "New body", []));
        var article = Assert.Single(await kb.GetArticlesAsync());
        Assert.Equal("New title", article.Title);
        Assert.Equal(2, await kb.GetVersionAsync());

        Assert.True(await kb.DeleteArticleAsync(created.Id));
        Assert.False(await kb.DeleteArticleAsync(created.Id));
        Assert.Empty(await kb.GetArticlesAsync());
        Assert.Equal(3, (await kb.GetSnapshotAsync()).Version);
    }

    [Theory]
    [InlineData("bad id", "t", "b")]
    [InlineData(null, "", "b")]
    [InlineData(null, "t", " ")]
    public async Task Upsert_Invalid_IsBadInput_AndChangesNothing(string? id, string title, string body)
    {
        var tenant = await TestTenants.CreateAsync(fixture.Grains, withArticles: false);
        var kb = fixture.Grains.GetGrain<IKnowledgeBaseGrain>(tenant);
        var error = await Assert.ThrowsAsync<HitlException>(() => kb.UpsertArticleAsync(new ArticleInput(id, title, body, [])));
        Assert.Equal(HitlErrorCodes.BadUserInput, error.Code);
        Assert.Equal(0, await kb.GetVersionAsync());
    }
}
