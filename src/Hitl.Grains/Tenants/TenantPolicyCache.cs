using System.Collections.Concurrent;

namespace Hitl.Grains.Tenants;

/// <summary>
/// Per-silo cache of tenants' policies, so conversations do not call the tenant grain on every
/// message. A cached policy is re-read at most once per <see cref="MaxAge"/>; concurrent readers
/// share one fetch; a failed fetch is not kept. The silo that applies a change invalidates at once,
/// other silos see it within <see cref="MaxAge"/>.
/// </summary>
public sealed class TenantPolicyCache(IGrainFactory grains, TimeProvider time)
{
    /// <summary>How long a cached policy is used without asking the tenant grain again.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public async Task<Policy> GetAsync(string tenant)
    {
        var now = time.GetUtcNow();
        var entry = _entries.AddOrUpdate(
            tenant,
            _ => Fetch(tenant, now),
            (_, old) => old.IsUsable(now) ? old : Fetch(tenant, now));
        try
        {
            return await entry.Policy.Value;
        }
        catch
        {
            _entries.TryRemove(new KeyValuePair<string, Entry>(tenant, entry));
            throw;
        }
    }

    public void Invalidate(string tenant) => _entries.TryRemove(tenant, out _);

    private Entry Fetch(string tenant, DateTimeOffset now) =>
        new(now, new Lazy<Task<Policy>>(() => grains.GetGrain<ITenantGrain>(tenant).GetPolicyAsync()));

    private sealed record Entry(DateTimeOffset FetchedAt, Lazy<Task<Policy>> Policy)
    {
        /// <summary>Still being fetched, or fetched recently and successfully.</summary>
        public bool IsUsable(DateTimeOffset now) =>
            !Policy.IsValueCreated || !Policy.Value.IsCompleted || (Policy.Value.IsCompletedSuccessfully && now - FetchedAt < MaxAge);
    }
}
