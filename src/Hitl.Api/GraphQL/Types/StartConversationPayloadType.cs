using GraphQL.Types;

namespace Hitl.Api.GraphQL.Types;

public sealed class StartConversationPayloadType : ObjectGraphType<StartConversationResult>
{
    public StartConversationPayloadType()
    {
        Name = "StartConversationPayload";
        Field(x => x.Conversation, type: typeof(NonNullGraphType<ConversationType>));
        Field(x => x.Token).Description("CUSTOMER token scoped to this one conversation.");
    }
}
