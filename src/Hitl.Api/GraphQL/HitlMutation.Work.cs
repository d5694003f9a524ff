using GraphQL;
using GraphQL.Types;
using Hitl.Api.Auth;
using Hitl.Api.GraphQL.Inputs;
using Hitl.Api.GraphQL.Types;
using Hitl.Grains.Agents;
using Hitl.Grains.Common;
using Hitl.Grains.Queues;
using Hitl.Grains.Tenants;

namespace Hitl.Api.GraphQL;

public sealed partial class HitlMutation
{
    /// <summary>Agents, queues and work items.</summary>
    private void AddWorkFields()
    {
        Field<NonNullGraphType<AgentType>>("setPresence")
            .Description("The calling agent's presence, and optionally its capacity and queues (chosen among the granted ones; without a grant, the tenant's default queue).")
            .Argument<NonNullGraphType<SetPresenceInputType>>("input")
            .ResolveAsync(async context =>
            {
                var principal = context.RequireRole(CallerRole.Agent, CallerRole.Manager, CallerRole.Admin);
                var input = context.GetArgument<SetPresenceInput>("input");
                return await context.Grains().GetGrain<IAgentGrain>(GrainKeys.Scoped(principal.Tenant, principal.Subject))
                    .SetPresenceAsync(input.Presence, input.Capacity, input.Queues, principal.Name);
            });
        Field<NonNullGraphType<AgentType>>("setAgentQueues")
            .Description("MANAGER: the queues an agent may serve; setPresence can only choose among them.")
            .Argument<NonNullGraphType<IdGraphType>>("agentId")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("queues")
            .ResolveAsync(async context =>
            {
                var principal = context.RequireManager();
                var agentId = context.GetArgument<string>("agentId");
                if (!TenantRules.IsSubject(agentId))
                {
                    throw HitlException.BadInput("That is not an agent id.");
                }

                var queues = context.GetArgument<List<string>>("queues");
                return await context.Grains().GetGrain<IAgentGrain>(GrainKeys.Scoped(principal.Tenant, agentId)).SetGrantedQueuesAsync(queues);
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
                await QueueAccess.EnsureKnownAsync(grains, principal, queue);
                return await grains.GetGrain<IQueueGrain>(GrainKeys.Scoped(principal.Tenant, queue))
                    .ReviewDraftAsync(itemId, principal.Subject, principal.Role != CallerRole.Agent, input.Decision, input.Text);
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
