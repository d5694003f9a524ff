using Hitl.Grains.Common;

namespace Hitl.Grains.Knowledge;

public sealed class KnowledgeBaseGrain(
    [PersistentState("knowledge", HitlStorage.Name)] IPersistentState<KnowledgeBaseState> state,
    KnowledgeIndexCache indexes,
    TimeProvider time) : Grain, IKnowledgeBaseGrain
{
    private KnowledgeSnapshot? _snapshot;

    public async Task<Article> UpsertArticleAsync(ArticleInput input)
    {
        var valid = ArticleRules.Validate(input);
        var id = valid.Id ?? Ids.New("a_");
        if (!state.State.Articles.ContainsKey(id) && state.State.Articles.Count >= ArticleRules.MaxArticles)
        {
            throw HitlException.BadInput($"A knowledge base holds at most {ArticleRules.MaxArticles} articles.");
        }

        var article = new Article(id, valid.Title, valid.Body, valid.Questions, time.GetUtcNow());
        state.State.Articles.TryGetValue(id, out var previous);
        state.State.Articles[id] = article;
        state.State.Version++;
        await PersistAsync(() =>
        {
            state.State.Version--;
            if (previous is null)
            {
                state.State.Articles.Remove(id);
            }
            else
            {
                state.State.Articles[id] = previous;
            }
        });
        return article;
    }

    public async Task<bool> DeleteArticleAsync(string id)
    {
        if (!state.State.Articles.Remove(id, out var previous))
        {
            return false;
        }

        state.State.Version++;
        await PersistAsync(() =>
        {
            state.State.Version--;
            state.State.Articles[id] = previous;
        });
        return true;
    }

    public Task<IReadOnlyList<Article>> GetArticlesAsync() => Task.FromResult(Snapshot().Articles);

    public Task<KnowledgeSnapshot> GetSnapshotAsync() => Task.FromResult(Snapshot());

    public Task<long> GetVersionAsync() => Task.FromResult(state.State.Version);

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

    private async Task PersistAsync(Action undo)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // The write may or may not have happened: undo in memory and reload from storage next time.
            undo();
            _snapshot = null;
            DeactivateOnIdle();
            throw;
        }

        // This silo sees the change at once; other silos within KnowledgeBotOptions.VersionCheckInterval.
        indexes.Invalidate(this.GetPrimaryKeyString());
    }
}
