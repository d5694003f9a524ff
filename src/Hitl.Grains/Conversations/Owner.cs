namespace Hitl.Grains.Conversations;

/// <summary>Who owns the conversation and since when.</summary>
[GenerateSerializer, Immutable, Alias("hitl.Owner")]
public sealed record Owner(
    [property: Id(0)] OwnerKind Kind,
    [property: Id(1)] string? AgentId,
    [property: Id(2)] string? Queue,
    [property: Id(3)] DateTimeOffset Since)
{
    public static Owner Bot(DateTimeOffset since) => new(OwnerKind.Bot, null, null, since);

    public static Owner InQueue(string queue, DateTimeOffset since) => new(OwnerKind.Queue, null, queue, since);

    public static Owner Agent(string agentId, DateTimeOffset since) => new(OwnerKind.Agent, agentId, null, since);

    public static Owner Nobody(DateTimeOffset since) => new(OwnerKind.None, null, null, since);
}
