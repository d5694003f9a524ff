using System.Collections.Concurrent;

namespace Hitl.Grains.Conversations;

/// <summary>
/// How many open conversations of each tenant are active in this silo (one per silo, a singleton service): what
/// <see cref="ConversationLimits.OpenConversationsPerTenant"/> caps. Each conversation activation adds itself at
/// most once while it is open and takes itself off when it resolves or deactivates (see
/// <see cref="ConversationLimits.OpenConversationsPerTenant"/> for why per silo). Thread-safe: activations of many
/// grains call it at once.
/// </summary>
public sealed class OpenConversationGauge
{
    private readonly ConcurrentDictionary<string, int> _open = new(StringComparer.Ordinal);

    /// <summary>The tenant's open conversations in this silo.</summary>
    public int Count(string tenant) => _open.TryGetValue(tenant, out var count) ? count : 0;

    /// <summary>One more open conversation of <paramref name="tenant"/>.</summary>
    public void Add(string tenant) => _open.AddOrUpdate(tenant, 1, (_, count) => count + 1);

    /// <summary>One fewer; a tenant at zero leaves the map, so the map holds only tenants with open conversations.</summary>
    public void Remove(string tenant)
    {
        while (_open.TryGetValue(tenant, out var count))
        {
            if (count <= 1
                ? _open.TryRemove(new KeyValuePair<string, int>(tenant, count))
                : _open.TryUpdate(tenant, count - 1, count))
            {
                return;
            }
        }
    }
}
