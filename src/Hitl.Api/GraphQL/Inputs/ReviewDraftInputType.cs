using GraphQL.Types;
using Hitl.Api.GraphQL.Types;

namespace Hitl.Api.GraphQL.Inputs;

public sealed class ReviewDraftInputType : InputObjectGraphType<ReviewDraftInput>
{
    public ReviewDraftInputType()
    {
        Name = "ReviewDraftInput";
        Field(x => x.WorkItemId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Decision, type: typeof(NonNullGraphType<DraftDecisionType>));
        Field(x => x.Text, nullable: true).Description("EDIT: the text the customer gets.");
    }
}
