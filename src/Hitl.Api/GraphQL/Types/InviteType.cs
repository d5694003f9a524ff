using GraphQL.Types;

namespace Hitl.Api.GraphQL.Types;

public sealed class InviteType : ObjectGraphType<InviteResult>
{
    public InviteType()
    {
        Name = "Invite";
        Field(x => x.Url).Description("One-time sign-in link for the web console.");
        Field(x => x.ExpiresAt, type: typeof(NonNullGraphType<DateTimeScalar>));
    }
}
