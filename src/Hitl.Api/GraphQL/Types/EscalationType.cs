using GraphQL.Types;
using Hitl.Grains.Conversations;

namespace Hitl.Api.GraphQL.Types;

public sealed class EscalationType : ObjectGraphType<EscalationRecord>
{
    public EscalationType()
    {
        Name = "Escalation";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Reasons, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<TriggerType>>>));
        Field(x => x.Queue);
        Field(x => x.Priority).Description("Higher is more urgent.");
        Field(x => x.At, type: typeof(NonNullGraphType<DateTimeScalar>));
        Field(x => x.DueAt, type: typeof(DateTimeScalar)).Description("When the first human response is due (SLA).");
        Field(x => x.FirstHumanResponseAt, type: typeof(DateTimeScalar));
    }
}
