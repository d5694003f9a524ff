using GraphQL.Types;
using Hitl.Grains.Conversations;

namespace Hitl.Api.GraphQL.Types;

public sealed class OwnerType : ObjectGraphType<Owner>
{
    public OwnerType()
    {
        Name = "Owner";
        Field(x => x.Kind, type: typeof(NonNullGraphType<OwnerKindType>));
        Field(x => x.AgentId, type: typeof(IdGraphType)).StaffOnly();
        Field(x => x.Queue, nullable: true);
        Field(x => x.Since, type: typeof(NonNullGraphType<DateTimeScalar>));
    }
}
