namespace Hitl.Grains.Tests.Knowledge;

/// <summary>One labelled conversation of the eval set.</summary>
internal sealed record EvalCase(
    string Name,
    IReadOnlyList<string> Customer,
    int? EscalateAt,
    IReadOnlyList<string> ReasonsAny,
    IReadOnlyDictionary<int, string> Answers);
