namespace Hitl.Api.GraphQL.Inputs;

public sealed class SendMessageInput
{
    public string ConversationId { get; set; } = "";

    public string Text { get; set; } = "";

    public string ClientMessageId { get; set; } = "";
}
