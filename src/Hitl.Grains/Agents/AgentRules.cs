using Hitl.Grains.Common;
using Hitl.Grains.Tenants;

namespace Hitl.Grains.Agents;

/// <summary>What an agent's settings may be.</summary>
public static class AgentRules
{
    public const int DefaultCapacity = 3;
    public const int MaxCapacity = 50;
    public const int MaxQueues = 50;

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
