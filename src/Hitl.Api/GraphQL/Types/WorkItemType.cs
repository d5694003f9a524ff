using GraphQL.Types;
using Hitl.Api.Auth;
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
            .Description("The item's conversation, when the caller may read it: its own item, or a conversation it could claim.")
            .ResolveAsync(async context =>
            {
                var principal = context.Principal();
                var conversation = await context.Grains()
                    .Reference<IConversationGrain>(GrainKeys.Scoped(principal.Tenant, context.Source.ConversationId))
                    .GetAsync()
                    ?? throw HitlException.NotFound($"Conversation '{context.Source.ConversationId}' does not exist.");
                if (!HeldBy(context.Source, principal))
                {
                    await context.EnsureCanReadAsync(conversation);
                }

                return conversation;
            });
        Field(x => x.Queue);
        Field(x => x.Priority);
        Field(x => x.Reasons, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<TriggerType>>>));
        Field(x => x.EnqueuedAt, type: typeof(NonNullGraphType<DateTimeScalar>));
        Field(x => x.DueAt, type: typeof(DateTimeScalar));
        Field(x => x.AssignedTo, type: typeof(IdGraphType)).Description("The agent it is assigned to, if any.");
        Field(x => x.Draft, type: typeof(DraftType)).Description("DRAFT_REVIEW items: the draft.")
            .ApplyMiddleware(next => async context =>
            {
                // Reachable from queue events too: only who holds the item or serves its queue reads the draft.
                var item = (WorkItem)context.Source!;
                var principal = context.Principal();
                if (principal.Role == CallerRole.Customer
                    || (principal.Role == CallerRole.Agent && !HeldBy(item, principal) && !(await context.ServedQueuesAsync()).Contains(item.Queue, StringComparer.Ordinal)))
                {
                    throw HitlException.Forbidden("Drafts are for the reviewers of their queue.");
                }

                return await next(context);
            });
    }

    /// <summary>The item is assigned to the caller: its own work.</summary>
    private static bool HeldBy(WorkItem item, HitlPrincipal principal) => item.AssignedTo == principal.Subject;
}
