namespace Hitl.Api.GraphQL.Inputs;

public sealed class AmountRuleInput
{
    public string Name { get; set; } = "";

    public List<string> Phrases { get; set; } = [];

    public double Above { get; set; }

    public string Queue { get; set; } = "";

    public int Priority { get; set; }
}
