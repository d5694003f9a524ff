using GraphQL.Types;
using Hitl.Grains.Live;

namespace Hitl.Api.GraphQL.Types;

public sealed class ConversationEventType : ObjectGraphType<ConversationChange>
{
    public ConversationEventType()
    {
        Name = "ConversationEvent";
        Field(x => x.ConversationId, type: typeof(NonNullGraphType<IdGraphType>));
        Field<NonNullGraphType<IntGraphType>>("version")
            .Description("The conversation's version after the change; the events of one command share it.")
            .Resolve(context => checked((int)context.Source.Version));
        Field(x => x.Kind).Description("SNAPSHOT (first on every subscription and after a gap), MESSAGE, ESCALATED, ASSIGNED, TRANSFERRED, RETURNED, HANDED_BACK, RESOLVED, REOPENED, DRAFT, DRAFT_REVIEWED, RATED, SLA_BREACHED, UPDATED.");
        Field(x => x.Message, type: typeof(MessageType));
        Field(x => x.Conversation, type: typeof(NonNullGraphType<ConversationType>));
    }
}
