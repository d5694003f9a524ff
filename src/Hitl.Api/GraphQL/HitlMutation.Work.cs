using GraphQL;
using GraphQL.Types;
using Hitl.Api.Auth;
using Hitl.Api.GraphQL.Inputs;
using Hitl.Api.GraphQL.Types;
using Hitl.Grains.Agents;
using Hitl.Grains.Common;
using Hitl.Grains.Conversations;
using Hitl.Grains.Queues;

namespace Hitl.Api.GraphQL;

public sealed partial class HitlMutation
{
    /// <summary>Agents, queues and work items.</summary>
    private void AddWorkFields()
    {
        Field<NonNullGraphType<AgentType>>("setPresence")
            .Description("The calling agent's presence, and optionally its capacity and queues.")
            .Argument<NonNullGraphType<SetPresenceInputType>>("input")
            .ResolveAsync(async context =>
            {
                var principal = context.RequireRole(CallerRole.Agent, CallerRole.Manager, CallerRole.Admin);
                var input = context.GetArgument<SetPresenceInput>("input");
                return await context.Grains().GetGrain<IAgentGrain>(GrainKeys.Scoped(principal.Tenant, principal.Subject))
                    .SetPresenceAsync(input.Presence, input.Capacity, input.Queues);
            });
        Field<NonNullGraphType<WorkItemType>>("reviewDraft")
            .Description("APPROVE sends the draft, EDIT sends the reviewer's text, REJECT escalates with DRAFT_REJECTED. The reviewer holds the item (claim/acceptNext on the review queue), or is a manager.")
            .Argument<NonNullGraphType<ReviewDraftInputType>>("input")
            .ResolveAsync(async context =>
            {
                var principal = context.RequireRole(CallerRole.Agent, CallerRole.Manager, CallerRole.Admin);
                var input = context.GetArgument<ReviewDraftInput>("input");
                var (queue, itemId) = WorkItemIds.Parse(input.WorkItemId);
                var grains = context.Grains();
                var reviewer = grains.GetGrain<IAgentGrain>(GrainKeys.Scoped(principal.Tenant, principal.Subject));
                var held = (await reviewer.GetAsync()).Assignments.FirstOrDefault(a => a.Id == itemId);
                var item = held ?? (await grains.GetGrain<IQueueGrain>(GrainKeys.Scoped(principal.Tenant, queue)).GetAsync(QueueType.MaxFirst)).Items.FirstOrDefault(i => i.Id == itemId)
                    ?? throw HitlException.Conflict($"Work item '{input.WorkItemId}' is not waiting for review: it was reviewed already, or someone else holds it.");
                if (held is null && principal.Role == CallerRole.Agent)
                {
                    throw HitlException.Forbidden("Claim the review item before reviewing it.");
                }

                if (item.Kind != WorkKind.DraftReview)
                {
                    throw HitlException.BadInput("That work item is not a draft review.");
                }

                try
                {
                    await grains.Reference<IConversationGrain>(GrainKeys.Scoped(principal.Tenant, item.ConversationId))
                        .ReviewDraftAsync(itemId, input.Decision, input.Text, principal.Subject);
                }
                catch (HitlException ex) when (ex.Code == HitlErrorCodes.Conflict)
                {
                    // The draft was reviewed already or replaced by a newer answer: the item is done either way.
                    await FinishReviewItemAsync();
                    throw;
                }

                await FinishReviewItemAsync();
                return item with { AssignedTo = principal.Subject };

                async Task FinishReviewItemAsync()
                {
                    if (held is not null)
                    {
                        await reviewer.ReleaseAsync(itemId);
                    }

                    await grains.GetGrain<IQueueGrain>(GrainKeys.Scoped(principal.Tenant, queue)).RemoveAsync(itemId);
                }
            });
        Field<WorkItemType>("acceptNext")
            .Description("Pull mode: the most urgent, then oldest, waiting item of the queue (all the caller's queues when null); null when nothing waits or the caller is at capacity.")
            .Argument<StringGraphType>("queue")
            .ResolveAsync(async context =>
            {
                var principal = context.RequireRole(CallerRole.Agent, CallerRole.Manager, CallerRole.Admin);
                var grains = context.Grains();
                var queue = context.GetArgument<string?>("queue");
                IReadOnlyList<string> names;
                if (queue is null)
                {
                    names = await QueueAccess.ServedQueuesAsync(grains, principal);
                }
                else
                {
                    await QueueAccess.EnsureCanSeeAsync(grains, principal, queue);
                    names = [queue];
                }

                // Most urgent, then oldest, across the queues: try them in the order of their heads.
                var heads = await Task.WhenAll(names.Select(n => grains.GetGrain<IQueueGrain>(GrainKeys.Scoped(principal.Tenant, n)).GetAsync(1)));
                foreach (var head in heads.Where(h => h.Items.Count > 0).OrderBy(h => h.Items[0], QueueOrdering.Instance))
                {
                    var item = await grains.GetGrain<IQueueGrain>(GrainKeys.Scoped(principal.Tenant, head.Name)).AssignAsync(principal.Subject, null);
                    if (item is not null)
                    {
                        return item;
                    }
                }

                return null;
            });
        Field<NonNullGraphType<WorkItemType>>("claim")
            .Argument<NonNullGraphType<IdGraphType>>("workItemId")
            .ResolveAsync(async context =>
            {
                var principal = context.RequireRole(CallerRole.Agent, CallerRole.Manager, CallerRole.Admin);
                var (queue, item) = WorkItemIds.Parse(context.GetArgument<string>("workItemId"));
                await QueueAccess.EnsureCanSeeAsync(context.Grains(), principal, queue);
                return await context.Grains().GetGrain<IQueueGrain>(GrainKeys.Scoped(principal.Tenant, queue)).AssignAsync(principal.Subject, item);
            });
    }
}
