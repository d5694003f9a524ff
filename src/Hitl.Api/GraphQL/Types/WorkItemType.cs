using GraphQL.Types;
using Hitl.Grains.Common;
using Hitl.Grains.Conversations;
using Hitl.Grains.Queues;

namespace Hitl.Api.GraphQL.Types;

public sealed class WorkItemType : ObjectGraphType<WorkItem>
{
    public WorkItemType()
    {
        Name = "WorkItem";
        Field<NonNullGraphType<IdGraphType>>("id")
            .Description("Opaque; names the queue and the item, so claim finds it.")
            .Resolve(context => WorkItemIds.Format(context.Source));
        Field(x => x.Kind, type: typeof(NonNullGraphType<WorkKindType>));
        Field<NonNullGraphType<ConversationType>>("conversation")
            .ResolveAsync(async context =>
            {
                var principal = context.Principal();
                return await context.Grains()
                    .Reference<IConversationGrain>(GrainKeys.Scoped(principal.Tenant, context.Source.ConversationId))
                    .GetAsync()
                    ?? throw HitlException.NotFound($"Conversation '{context.Source.ConversationId}' does not exist.");
            });
        Field(x => x.Queue);
        Field(x => x.Priority);
        Field(x => x.Reasons, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<TriggerType>>>));
        Field(x => x.EnqueuedAt, type: typeof(NonNullGraphType<DateTimeScalar>));
        Field(x => x.DueAt, type: typeof(DateTimeScalar));
        Field(x => x.AssignedTo, type: typeof(IdGraphType)).Description("The agent it is assigned to, if any.");
        Field(x => x.Draft, type: typeof(DraftType)).Description("DRAFT_REVIEW items: the draft.");
    }
}
