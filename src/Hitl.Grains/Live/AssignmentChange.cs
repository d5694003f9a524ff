using Hitl.Grains.Queues;

namespace Hitl.Grains.Live;

/// <summary>Work an agent now holds: a conversation it owns or a draft it reviews.</summary>
[GenerateSerializer, Immutable, Alias("hitl.AssignmentChange")]
public sealed record AssignmentChange(
    [property: Id(0)] string Tenant,
    [property: Id(1)] string AgentId,
    [property: Id(2)] long Version,
    [property: Id(3)] WorkItem Item);
