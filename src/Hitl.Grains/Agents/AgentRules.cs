using Hitl.Grains.Common;
using Hitl.Grains.Tenants;

namespace Hitl.Grains.Agents;

/// <summary>What an agent's settings may be.</summary>
public static class AgentRules
{
    public const int DefaultCapacity = 3;
    public const int MaxCapacity = 50;
    public const int MaxQueues = 50;

    /// <summary>
    /// The queues an agent serves: its choice among the allowed ones (in the order chosen), or all of them when it
    /// never chose. A choice that a new grant leaves empty falls back to all allowed queues.
    /// </summary>
    public static List<string> Served(IReadOnlyList<string> allowed, IReadOnlyList<string>? chosen)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        if (chosen is null)
        {
            return [.. allowed];
        }

        var kept = chosen.Where(q => allowed.Contains(q, StringComparer.Ordinal)).ToList();
        return kept.Count > 0 || chosen.Count == 0 ? kept : [.. allowed];
    }

    /// <summary>A display name from a token that is worth keeping: not blank, at most <see cref="TenantRules.MaxName"/> characters.</summary>
    public static bool IsDisplayName(string? name) => !string.IsNullOrWhiteSpace(name) && name.Trim().Length <= TenantRules.MaxName;

    public static void Validate(int? capacity, IReadOnlyList<string>? queues, int currentLoad)
    {
        if (capacity is { } c)
        {
            if (c is < 0 or > MaxCapacity)
            {
                throw HitlException.BadInput($"capacity must be between 0 and {MaxCapacity}.");
            }

            if (c < currentLoad)
            {
                throw HitlException.BadInput($"capacity {c} is below the {currentLoad} conversations this agent holds now.");
            }
        }

        if (queues is not null)
        {
            if (queues.Count > MaxQueues || queues.Any(q => !Policy.IsQueueName(q)))
            {
                throw HitlException.BadInput($"queues must be at most {MaxQueues} queue names.");
            }
        }
    }
}
