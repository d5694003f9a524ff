namespace Hitl.Grains.Knowledge;

/// <summary>
/// A tenant's articles and the knowledge-base version. Key: tenant id. Searching does not go
/// through this grain: each silo builds its own index from a snapshot and caches it by version.
/// </summary>
[Alias("hitl.IKnowledgeBaseGrain")]
public interface IKnowledgeBaseGrain : IGrainWithStringKey
{
    /// <summary>Adds a new article or replaces one; BAD_USER_INPUT on invalid input.</summary>
    [Alias("Upsert")]
    Task<Article> UpsertArticleAsync(ArticleInput input);

    /// <summary>True when the article existed and is gone now.</summary>
    [Alias("Delete")]
    Task<bool> DeleteArticleAsync(string id);

    [Alias("GetArticles"), ReadOnly]
    Task<IReadOnlyList<Article>> GetArticlesAsync();

    [Alias("GetSnapshot"), ReadOnly]
    Task<KnowledgeSnapshot> GetSnapshotAsync();

    /// <summary>Cheap check silos use to see whether their cached index is current.</summary>
    [Alias("GetVersion"), ReadOnly, AlwaysInterleave]
    Task<long> GetVersionAsync();
}
