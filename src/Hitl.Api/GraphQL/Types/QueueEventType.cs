using GraphQL.Types;
using Hitl.Grains.Live;

namespace Hitl.Api.GraphQL.Types;

public sealed class QueueEventType : ObjectGraphType<QueueChange>
{
    public QueueEventType()
    {
        Name = "QueueEvent";
        Field(x => x.Queue);
        Field<NonNullGraphType<IntGraphType>>("version")
            .Description("Grows by one with every change of this queue; a gap means missed events: query again.")
            .Resolve(context => checked((int)context.Source.Version));
        Field(x => x.Kind).Description("SNAPSHOT (the queue now, first on every subscription and after a gap), ENQUEUED, ASSIGNED, REMOVED, BREACHED.");
        Field(x => x.Item, type: typeof(WorkItemType));
        Field(x => x.Waiting);
    }
}
