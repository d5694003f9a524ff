namespace Hitl.Api.GraphQL.Inputs;

public sealed class StartConversationInput
{
    public string Tenant { get; set; } = "";

    public string? CustomerName { get; set; }

    public string? Text { get; set; }
}
