using GraphQL.Types;

namespace Hitl.Api.GraphQL.Inputs;

public sealed class SendMessageInputType : InputObjectGraphType<SendMessageInput>
{
    public SendMessageInputType()
    {
        Name = "SendMessageInput";
        Field(x => x.ConversationId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Text);
        Field(x => x.ClientMessageId).Description("Idempotency key chosen by the client: a retry with the same key adds nothing and returns the first result.");
    }
}
