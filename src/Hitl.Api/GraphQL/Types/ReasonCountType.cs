using GraphQL.Types;
using Hitl.Grains.Scoreboards;

namespace Hitl.Api.GraphQL.Types;

public sealed class ReasonCountType : ObjectGraphType<ReasonCount>
{
    public ReasonCountType()
    {
        Name = "ReasonCount";
        Field(x => x.Reason, type: typeof(NonNullGraphType<EscalationReasonType>));
        Field<NonNullGraphType<IntGraphType>>("count").Resolve(context => checked((int)context.Source.Count));
    }
}
