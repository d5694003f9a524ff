using GraphQL.Types;
using Hitl.Grains.Queues;

namespace Hitl.Api.GraphQL.Types;

public sealed class WorkKindType : EnumerationGraphType<WorkKind>
{
    public WorkKindType() => Name = "WorkKind";
}
