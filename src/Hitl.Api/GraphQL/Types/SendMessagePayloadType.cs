using GraphQL.Types;
using Hitl.Grains.Conversations;

namespace Hitl.Api.GraphQL.Types;

public sealed class SendMessagePayloadType : ObjectGraphType<SendMessageResult>
{
    public SendMessagePayloadType()
    {
        Name = "SendMessagePayload";
        Field(x => x.Message, type: typeof(NonNullGraphType<MessageType>));
        Field(x => x.Conversation, type: typeof(NonNullGraphType<ConversationType>));
        Field(x => x.Reply, type: typeof(MessageType))
            .Description("The bot's answer when the bot answered at once; null when escalated, held for review, or a human owns the conversation.");
    }
}
