using Hitl.Grains.Queues;

namespace Hitl.Grains.Live;

/// <summary>A change of one queue: its version after the change, what happened, the item concerned and how many wait now.</summary>
[GenerateSerializer, Immutable, Alias("hitl.QueueChange")]
public sealed record QueueChange(
    [property: Id(0)] string Tenant,
    [property: Id(1)] string Queue,
    [property: Id(2)] long Version,
    [property: Id(3)] string Kind,
    [property: Id(4)] WorkItem? Item,
    [property: Id(5)] int Waiting)
{
    public const string Snapshot = "SNAPSHOT";
    public const string Enqueued = "ENQUEUED";
    public const string Assigned = "ASSIGNED";
    public const string Removed = "REMOVED";
    public const string Breached = "BREACHED";
}
