namespace Hitl.Grains.Queues;

/// <summary>
/// The order work is served in: most urgent first (higher priority), then oldest first (earlier
/// <see cref="WorkItem.EnqueuedAt"/>), then by id so the order is total and stable.
/// </summary>
public sealed class QueueOrdering : IComparer<WorkItem>
{
    public static QueueOrdering Instance { get; } = new();

    public int Compare(WorkItem? x, WorkItem? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return 1;
        }

        if (y is null)
        {
            return -1;
        }

        var byPriority = y.Priority.CompareTo(x.Priority);
        if (byPriority != 0)
        {
            return byPriority;
        }

        var byAge = x.EnqueuedAt.CompareTo(y.EnqueuedAt);
        return byAge != 0 ? byAge : string.CompareOrdinal(x.Id, y.Id);
    }
}
