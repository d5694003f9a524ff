namespace Hitl.Grains.Conversations;

/// <summary>A bot answer held for review; the customer has not seen it.</summary>
[GenerateSerializer, Immutable, Alias("hitl.Draft")]
public sealed record Draft(
    [property: Id(0)] string Id,
    [property: Id(1)] string Text,
    [property: Id(2)] double Confidence,
    [property: Id(3)] IReadOnlyList<string> Sources);
