using GraphQL.Types;

namespace Hitl.Api.GraphQL.Types;

public sealed class TenantType : ObjectGraphType<TenantResult>
{
    public TenantType()
    {
        Name = "Tenant";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Name);
        Field(x => x.ApiKey, nullable: true).Description("Returned once, by createTenant; null afterwards.");
    }
}
