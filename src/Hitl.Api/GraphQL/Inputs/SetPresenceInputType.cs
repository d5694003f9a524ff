using GraphQL.Types;
using Hitl.Api.GraphQL.Types;

namespace Hitl.Api.GraphQL.Inputs;

public sealed class SetPresenceInputType : InputObjectGraphType<SetPresenceInput>
{
    public SetPresenceInputType()
    {
        Name = "SetPresenceInput";
        Field(x => x.Presence, type: typeof(NonNullGraphType<PresenceType>));
        Field(x => x.Capacity, nullable: true);
        Field(x => x.Queues, type: typeof(ListGraphType<NonNullGraphType<StringGraphType>>));
    }
}
