namespace Hitl.Grains.Tenants;

/// <summary>Escalates when a message matches one of <see cref="Phrases"/> and mentions an amount above <see cref="Above"/>.</summary>
[GenerateSerializer, Immutable, Alias("hitl.AmountRule")]
public sealed record AmountRule(
    [property: Id(0)] string Name,
    [property: Id(1)] IReadOnlyList<string> Phrases,
    [property: Id(2)] double Above,
    [property: Id(3)] string Queue,
    [property: Id(4)] int Priority);
