namespace Hitl.Grains.Tenants;

/// <summary>Messages that mention one of <see cref="Phrases"/> always go to a person in <see cref="Queue"/>.</summary>
[GenerateSerializer, Immutable, Alias("hitl.SensitiveTopic")]
public sealed record SensitiveTopic(
    [property: Id(0)] string Name,
    [property: Id(1)] IReadOnlyList<string> Phrases,
    [property: Id(2)] string Queue,
    [property: Id(3)] int Priority);
