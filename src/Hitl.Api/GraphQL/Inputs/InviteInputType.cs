using GraphQL.Types;

namespace Hitl.Api.GraphQL.Inputs;

public sealed class InviteInputType : InputObjectGraphType<InviteInput>
{
    public InviteInputType()
    {
        Name = "InviteInput";
        Field(x => x.Role, type: typeof(NonNullGraphType<Types.RoleType>));
        Field(x => x.Subject);
        Field(x => x.Name, nullable: true);
    }
}
