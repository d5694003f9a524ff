namespace Hitl.Grains.Knowledge;

/// <summary>
/// What a bot proposes to say. <see cref="Confidence"/> in [0,1] comes from retrieval and means the
/// same across knowledge bases; <see cref="Sources"/> are the ids of the articles used, best first.
/// </summary>
[GenerateSerializer, Immutable, Alias("hitl.BotAnswer")]
public sealed record BotAnswer(
    [property: Id(0)] string Text,
    [property: Id(1)] double Confidence,
    [property: Id(2)] IReadOnlyList<string> Sources);
