using GraphQL.Types;
using Hitl.Grains.Queues;

namespace Hitl.Api.GraphQL.Types;

public sealed class DraftDecisionType : EnumerationGraphType<DraftDecision>
{
    public DraftDecisionType() => Name = "DraftDecision";
}
