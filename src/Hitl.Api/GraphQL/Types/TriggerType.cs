using GraphQL.Types;
using Hitl.Grains.Escalation;

namespace Hitl.Api.GraphQL.Types;

public sealed class TriggerType : ObjectGraphType<Trigger>
{
    public TriggerType()
    {
        Name = "Trigger";
        Description = "One reason that a conversation was escalated, with its evidence.";
        Field(x => x.Reason, type: typeof(NonNullGraphType<EscalationReasonType>));
        Field(x => x.Detail).Description("Human-readable evidence: the phrase matched, the rule, the topic, the score.");
        Field(x => x.Score, nullable: true).Description("The measured value when there is one (confidence, sentiment, similarity, amount).");
    }
}
