using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Hitl.Grains.Knowledge;

/// <summary>
/// Per-silo cache of each tenant's <see cref="KnowledgeIndex"/>, so searching does not send every
/// message through the tenant's knowledge-base grain. Register as a singleton. The version is
/// checked with <see cref="IKnowledgeBaseGrain.GetVersionAsync"/> at most once per
/// <see cref="KnowledgeBotOptions.VersionCheckInterval"/> per tenant, and the index is rebuilt from
/// <see cref="IKnowledgeBaseGrain.GetSnapshotAsync"/> only when the version changed. Concurrent
/// callers share one check and one build per tenant. Thread-safe.
/// </summary>
public sealed class KnowledgeIndexCache
{
    private readonly IKnowledgeSource _source;
    private readonly TimeProvider _time;
    private readonly TimeSpan _checkInterval;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Semantic.TextEmbedder? _embedder;

    /// <summary>Creates the cache over the cluster's knowledge-base grains; with hybrid retrieval each index also carries its sentence vectors.</summary>
    public KnowledgeIndexCache(IGrainFactory grainFactory, TimeProvider time, IOptions<KnowledgeBotOptions> options, Semantic.TextEmbedder? embedder = null, IOptions<Semantic.SemanticOptions>? semantic = null)
        : this(new GrainKnowledgeSource(grainFactory), time, options.Value, semantic?.Value.Hybrid == false ? null : embedder)
    {
    }

    internal KnowledgeIndexCache(IKnowledgeSource source, TimeProvider time, KnowledgeBotOptions options, Semantic.TextEmbedder? embedder = null)
    {
        _source = source;
        _time = time;
        _checkInterval = options.VersionCheckInterval;
        _embedder = embedder;
    }

    /// <summary>
    /// The tenant's current index: the cached one when its version was checked recently, otherwise
    /// after a version check and, if the version changed, a rebuild.
    /// </summary>
    public Task<KnowledgeIndex> GetIndexAsync(string tenant, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var entry = _entries.GetOrAdd(tenant, _ => new Entry());
        Task<KnowledgeIndex> refresh;
        lock (entry)
        {
            if (entry.Index is { } index && !entry.Stale && _time.GetElapsedTime(entry.CheckedAt) < _checkInterval)
            {
                return Task.FromResult(index);
            }

            // One refresh per tenant at a time; later callers await the same task. It runs on the
            // thread pool so a large build never holds a grain's turn or this lock.
            var generation = entry.Generation;
            entry.Refresh ??= Task.Run(() => RefreshAsync(tenant, entry, generation));
            refresh = entry.Refresh;
        }

        return refresh.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Makes the next <see cref="GetIndexAsync"/> for <paramref name="tenant"/> check the version
    /// at once, e.g. on the silo that just changed the knowledge base.
    /// </summary>
    public void Invalidate(string tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        if (_entries.TryGetValue(tenant, out var entry))
        {
            lock (entry)
            {
                entry.Generation++;
                entry.Stale = true;
            }
        }
    }

    private async Task<KnowledgeIndex> RefreshAsync(string tenant, Entry entry, long generation)
    {
        try
        {
            var startedAt = _time.GetTimestamp();
            var current = entry.Index;
            var version = await _source.GetVersionAsync(tenant).ConfigureAwait(false);
            var index = current;
            if (index is null || index.Version != version)
            {
                var snapshot = await _source.GetSnapshotAsync(tenant).ConfigureAwait(false);
                index = KnowledgeIndex.Build(snapshot, thesaurus: _embedder is null);
                if (_embedder is not null)
                {
                    // Only texts that changed since the cached version are encoded again.
                    index.Semantic = await Semantic.SemanticIndex.BuildAsync(snapshot, _embedder, current?.Semantic).ConfigureAwait(false);
                }
            }

            lock (entry)
            {
                if (entry.Index is null || entry.Index.Version <= index.Version)
                {
                    entry.Index = index;
                }

                // An Invalidate during the refresh may describe a change this check did not see.
                if (entry.Generation == generation)
                {
                    entry.CheckedAt = startedAt;
                    entry.Stale = false;
                }

                entry.Refresh = null;
                return entry.Index;
            }
        }
        catch
        {
            lock (entry)
            {
                entry.Refresh = null;
            }

            throw;
        }
    }

    private sealed class Entry
    {
        public KnowledgeIndex? Index { get; set; }

        public long CheckedAt { get; set; }

        public bool Stale { get; set; }

        public long Generation { get; set; }

        public Task<KnowledgeIndex>? Refresh { get; set; }
    }
}
