using GraphQL.Types;

namespace Hitl.Api.GraphQL.Inputs;

public sealed class StartConversationInputType : InputObjectGraphType<StartConversationInput>
{
    public StartConversationInputType()
    {
        Name = "StartConversationInput";
        Field(x => x.Tenant, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.CustomerName, nullable: true);
        Field(x => x.Text, nullable: true).Description("Optional first customer message.");
    }
}
