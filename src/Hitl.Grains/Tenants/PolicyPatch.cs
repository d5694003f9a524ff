namespace Hitl.Grains.Tenants;

/// <summary>A change to a tenant's policy: null fields keep their value; lists replace the whole list.</summary>
[GenerateSerializer, Immutable, Alias("hitl.PolicyPatch")]
public sealed record PolicyPatch
{
    [Id(0)] public double? MinConfidence { get; init; }
    [Id(1)] public double? OutOfScopeBelow { get; init; }
    [Id(2)] public double? ReviewBelow { get; init; }
    [Id(3)] public double? NegativeSentiment { get; init; }
    [Id(4)] public double? RepeatSimilarity { get; init; }
    [Id(5)] public string? DefaultQueue { get; init; }
    [Id(6)] public IReadOnlyList<SensitiveTopic>? SensitiveTopics { get; init; }
    [Id(7)] public IReadOnlyList<AmountRule>? AmountRules { get; init; }
    [Id(8)] public int? SlaSeconds { get; init; }
}
