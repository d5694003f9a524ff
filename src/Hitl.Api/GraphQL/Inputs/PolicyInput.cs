using Hitl.Grains.Tenants;

namespace Hitl.Api.GraphQL.Inputs;

public sealed class PolicyInput
{
    public double? MinConfidence { get; set; }

    public double? OutOfScopeBelow { get; set; }

    public double? ReviewBelow { get; set; }

    public double? NegativeSentiment { get; set; }

    public double? RepeatSimilarity { get; set; }

    public string? DefaultQueue { get; set; }

    public List<SensitiveTopicInput>? SensitiveTopics { get; set; }

    public List<AmountRuleInput>? AmountRules { get; set; }

    public int? SlaSeconds { get; set; }

    public PolicyPatch ToPatch() => new()
    {
        MinConfidence = MinConfidence,
        OutOfScopeBelow = OutOfScopeBelow,
        ReviewBelow = ReviewBelow,
        NegativeSentiment = NegativeSentiment,
        RepeatSimilarity = RepeatSimilarity,
        DefaultQueue = DefaultQueue,
        SensitiveTopics = SensitiveTopics?.Select(t => new SensitiveTopic(t.Name, t.Phrases, t.Queue, t.Priority)).ToList(),
        AmountRules = AmountRules?.Select(r => new AmountRule(r.Name, r.Phrases, r.Above, r.Queue, r.Priority)).ToList(),
        SlaSeconds = SlaSeconds,
    };
}
