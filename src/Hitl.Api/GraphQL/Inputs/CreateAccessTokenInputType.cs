using GraphQL.Types;

namespace Hitl.Api.GraphQL.Inputs;

public sealed class CreateAccessTokenInputType : InputObjectGraphType<CreateAccessTokenInput>
{
    public CreateAccessTokenInputType()
    {
        Name = "CreateAccessTokenInput";
        Field(x => x.Tenant, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.ApiKey).Description("The tenant's API key.");
        Field(x => x.Role, type: typeof(NonNullGraphType<Types.RoleType>));
        Field(x => x.Subject).Description("Agent, manager or admin id the token speaks for.");
    }
}
