using Hitl.Grains.Common;
using Hitl.Grains.Queues;
using Hitl.Grains.Tenants;

namespace Hitl.Api.GraphQL.Types;

/// <summary>Work item ids as clients see them: "queue~item" ('~' never appears in a queue name).</summary>
public static class WorkItemIds
{
    public static string Format(WorkItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return $"{item.Queue}~{item.Id}";
    }

    /// <summary>The queue and the item id, or BAD_USER_INPUT for an id that is not one of ours.</summary>
    public static (string Queue, string Item) Parse(string id)
    {
        var parts = id.Split('~');
        if (parts.Length != 2 || !Policy.IsQueueName(parts[0]) || parts[1].Length is 0 or > 64)
        {
            throw HitlException.BadInput($"'{id}' is not a work item id.");
        }

        return (parts[0], parts[1]);
    }
}
