using GraphQL.Types;

namespace Hitl.Api.GraphQL.Inputs;

public sealed class TransferInputType : InputObjectGraphType<TransferInput>
{
    public TransferInputType()
    {
        Name = "TransferInput";
        Field(x => x.ConversationId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Queue, nullable: true);
        Field(x => x.AgentId, type: typeof(IdGraphType));
        Field(x => x.Note, nullable: true);
    }
}
