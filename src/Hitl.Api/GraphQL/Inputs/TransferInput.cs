namespace Hitl.Api.GraphQL.Inputs;

public sealed class TransferInput
{
    public string ConversationId { get; set; } = "";

    public string? Queue { get; set; }

    public string? AgentId { get; set; }

    public string? Note { get; set; }
}
