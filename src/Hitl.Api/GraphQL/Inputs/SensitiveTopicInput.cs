namespace Hitl.Api.GraphQL.Inputs;

public sealed class SensitiveTopicInput
{
    public string Name { get; set; } = "";

    public List<string> Phrases { get; set; } = [];

    public string Queue { get; set; } = "";

    public int Priority { get; set; }
}
