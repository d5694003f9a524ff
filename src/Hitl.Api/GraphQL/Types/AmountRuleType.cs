using GraphQL.Types;
using Hitl.Grains.Tenants;

namespace Hitl.Api.GraphQL.Types;

public sealed class AmountRuleType : ObjectGraphType<AmountRule>
{
    public AmountRuleType()
    {
        Name = "AmountRule";
        Description = "Escalates when a message matches one of the phrases and mentions an amount above the threshold.";
        Field(x => x.Name);
        Field(x => x.Phrases, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>));
        Field(x => x.Above);
        Field(x => x.Queue);
        Field(x => x.Priority);
    }
}
