using GraphQL.Types;

namespace Hitl.Api.GraphQL.Inputs;

public sealed class PolicyInputType : InputObjectGraphType<PolicyInput>
{
    public PolicyInputType()
    {
        Name = "PolicyInput";
        Description = "Fields left out keep their value. Lists replace the whole list.";
        Field(x => x.MinConfidence, nullable: true);
        Field(x => x.OutOfScopeBelow, nullable: true);
        Field(x => x.ReviewBelow, nullable: true);
        Field(x => x.NegativeSentiment, nullable: true);
        Field(x => x.RepeatSimilarity, nullable: true);
        Field(x => x.DefaultQueue, nullable: true);
        Field(x => x.SensitiveTopics, type: typeof(ListGraphType<NonNullGraphType<SensitiveTopicInputType>>));
        Field(x => x.AmountRules, type: typeof(ListGraphType<NonNullGraphType<AmountRuleInputType>>));
        Field(x => x.SlaSeconds, nullable: true);
    }
}
