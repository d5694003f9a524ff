using GraphQL.Types;

namespace Hitl.Api.GraphQL.Inputs;

/// <summary>
/// AmountRuleInput, field for field from <see cref="AmountRuleInput"/>: its properties are all required (non-nullable) and plain
/// scalars or lists of strings, so the contract reads the same from the class.
/// </summary>
public sealed class AmountRuleInputType : AutoRegisteringInputObjectGraphType<AmountRuleInput>
{
    public AmountRuleInputType() => Name = "AmountRuleInput";
}
