using System.Collections.Concurrent;

namespace Hitl.Grains.Tenants;

/// <summary>
/// Per-silo cache of tenants' policies, so conversations do not call the tenant grain on every
/// message. A cached policy is re-read at most once per <see cref="MaxAge"/>; the silo that applies
/// a change invalidates at once, other silos see it within <see cref="MaxAge"/>.
/// </summary>
public sealed class TenantPolicyCache(IGrainFactory grains, TimeProvider time)
{
    /// <summary>How long a cached policy is used without asking the tenant grain again.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public async ValueTask<Policy> GetAsync(string tenant)
    {
        var now = time.GetUtcNow();
        if (_entries.TryGetValue(tenant, out var entry) && now - entry.FetchedAt < MaxAge && entry.Policy.IsCompletedSuccessfully)
        {
            return await entry.Policy;
        }

        // Concurrent callers share one fetch; a failed fetch is not cached.
        var fresh = new Entry(now, grains.GetGrain<ITenantGrain>(tenant).GetPolicyAsync());
        var current = _entries.AddOrUpdate(tenant, fresh, (_, old) => old.Policy.IsCompleted && now - old.FetchedAt >= MaxAge || old.Policy.IsFaulted ? fresh : old);
        try
        {
            return await current.Policy;
        }
        catch
        {
            _entries.TryRemove(new KeyValuePair<string, Entry>(tenant, current));
            throw;
        }
    }

    public void Invalidate(string tenant) => _entries.TryRemove(tenant, out _);

    private sealed record Entry(DateTimeOffset FetchedAt, Task<Policy> Policy);
}
