using GraphQL.Types;
using Hitl.Grains.Tenants;

namespace Hitl.Api.GraphQL.Types;

public sealed class PolicyType : ObjectGraphType<Policy>
{
    public PolicyType()
    {
        Name = "Policy";
        Field(x => x.Version);
        Field(x => x.MinConfidence);
        Field(x => x.OutOfScopeBelow);
        Field(x => x.ReviewBelow).Description("Bot answers with confidence in [minConfidence, reviewBelow) are held as drafts for review. Equal to minConfidence: no review.");
        Field(x => x.NegativeSentiment);
        Field(x => x.RepeatSimilarity);
        Field(x => x.DefaultQueue);
        Field(x => x.SensitiveTopics, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<SensitiveTopicType>>>));
        Field(x => x.AmountRules, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<AmountRuleType>>>));
        Field(x => x.SlaSeconds).Description("First-human-response target after an escalation.");
    }
}
