using GraphQL.Types;
using Hitl.Grains.Escalation;

namespace Hitl.Api.GraphQL.Types;

public sealed class EscalationReasonType : EnumerationGraphType<EscalationReason>
{
    public EscalationReasonType() => Name = "EscalationReason";
}
