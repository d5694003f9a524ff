using GraphQL.Types;

namespace Hitl.Api.GraphQL.Inputs;

public sealed class AmountRuleInputType : InputObjectGraphType<AmountRuleInput>
{
    public AmountRuleInputType()
    {
        Name = "AmountRuleInput";
        Field(x => x.Name);
        Field(x => x.Phrases, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>));
        Field(x => x.Above);
        Field(x => x.Queue);
        Field(x => x.Priority);
    }
}
