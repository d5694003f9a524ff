using Hitl.Grains.Common;
using Microsoft.Extensions.Logging;

namespace Hitl.Grains.Knowledge;

public sealed class KnowledgeBaseGrain(
    [PersistentState("knowledge", HitlStorage.Name)] IPersistentState<KnowledgeBaseState> state,
    KnowledgeIndexCache indexes,
    TimeProvider time,
    ILogger<KnowledgeBaseGrain> logger) : Grain, IKnowledgeBaseGrain
{
    private KnowledgeSnapshot? _snapshot;

    // Set when a write failed: GetVersion interleaves with everything, so it may run on this activation before it goes away.
    private bool _writeFailed;

    public async Task<Article> UpsertArticleAsync(ArticleInput input)
    {
        var valid = ArticleRules.Validate(input);
        var id = valid.Id ?? Ids.New("a_");
        if (!state.State.Articles.ContainsKey(id) && state.State.Articles.Count >= ArticleRules.MaxArticles)
        {
            throw HitlException.BadInput($"A knowledge base holds at most {ArticleRules.MaxArticles} articles.");
        }

        var article = new Article(id, valid.Title, valid.Body, valid.Questions, time.GetUtcNow());
        state.State.Articles[id] = article;
        state.State.Version++;
        await PersistAsync();
        return article;
    }

    public async Task<bool> DeleteArticleAsync(string id)
    {
        if (!state.State.Articles.Remove(id))
        {
            return false;
        }

        state.State.Version++;
        await PersistAsync();
        return true;
    }

    public Task<IReadOnlyList<Article>> GetArticlesAsync() => Task.FromResult(Snapshot().Articles);

    public Task<KnowledgeSnapshot> GetSnapshotAsync() => Task.FromResult(Snapshot());

    public Task<long> GetVersionAsync() =>
        _writeFailed ? Task.FromException<long>(HitlException.Unavailable(StateWrites.Message)) : Task.FromResult(state.State.Version);

    private KnowledgeSnapshot Snapshot()
    {
        if (_snapshot is null || _snapshot.Version != state.State.Version)
        {
            _snapshot = new KnowledgeSnapshot(
                state.State.Version,
                [.. state.State.Articles.Values.OrderBy(a => a.Id, StringComparer.Ordinal)]);
        }

        return _snapshot;
    }

    private async Task PersistAsync()
    {
        try
        {
            await state.WriteOrResetAsync(this, logger);
        }
        catch
        {
            _writeFailed = true;
            throw;
        }

        // This silo sees the change at once; other silos within KnowledgeBotOptions.VersionCheckInterval.
        indexes.Invalidate(this.GetPrimaryKeyString());
    }
}
