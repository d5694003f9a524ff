using GraphQL.Types;

namespace Hitl.Api.GraphQL.Types;

public sealed class AccessTokenType : ObjectGraphType<AccessTokenResult>
{
    public AccessTokenType()
    {
        Name = "AccessToken";
        Field(x => x.Token);
        Field(x => x.Role, type: typeof(NonNullGraphType<RoleType>));
        Field(x => x.Subject);
        Field(x => x.Tenant, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.ExpiresAt, type: typeof(NonNullGraphType<DateTimeScalar>));
    }
}
