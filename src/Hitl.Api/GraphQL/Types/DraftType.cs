using GraphQL.Types;
using Hitl.Grains.Conversations;

namespace Hitl.Api.GraphQL.Types;

public sealed class DraftType : ObjectGraphType<Draft>
{
    public DraftType()
    {
        Name = "Draft";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Text);
        Field(x => x.Confidence);
        Field(x => x.Sources, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>));
    }
}
