using GraphQL.Types;

namespace Hitl.Api.GraphQL.Inputs;

public sealed class CreateTenantInputType : InputObjectGraphType<CreateTenantInput>
{
    public CreateTenantInputType()
    {
        Name = "CreateTenantInput";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Name);
        Field(x => x.OperatorKey).Description("The installation's operator key (configuration Hitl:OperatorKey).");
    }
}
