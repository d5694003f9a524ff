using GraphQL.Types;
using Hitl.Grains.Conversations;

namespace Hitl.Api.GraphQL.Types;

public sealed class ConversationStatusType : EnumerationGraphType<ConversationStatus>
{
    public ConversationStatusType() => Name = "ConversationStatus";
}
