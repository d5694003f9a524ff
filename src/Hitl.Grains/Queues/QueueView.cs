namespace Hitl.Grains.Queues;

/// <summary>A queue as consoles see it: what waits, most urgent then oldest first.</summary>
[GenerateSerializer, Immutable, Alias("hitl.QueueView")]
public sealed record QueueView(
    [property: Id(0)] string Name,
    [property: Id(1)] int Waiting,
    [property: Id(2)] double? OldestWaitingSeconds,
    [property: Id(3)] IReadOnlyList<WorkItem> Items,
    [property: Id(4)] long Version);
