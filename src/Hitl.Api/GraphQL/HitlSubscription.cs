using GraphQL;
using GraphQL.Types;
using Hitl.Api.Auth;
using Hitl.Api.GraphQL.Types;
using Hitl.Api.GraphQL.WebSockets;
using Hitl.Api.Live;
using Hitl.Grains.Agents;
using Hitl.Grains.Common;
using Hitl.Grains.Conversations;
using Hitl.Grains.Live;
using Hitl.Grains.Queues;
using Hitl.Grains.Scoreboards;
using Hitl.Grains.Tenants;

namespace Hitl.Api.GraphQL;

/// <summary>
/// Root subscription: each is authorised like the matching query, starts with the current state
/// and then follows the changes (DESIGN.md section 5). Served over graphql-transport-ws.
/// </summary>
public sealed class HitlSubscription : ObjectGraphType
{
    public HitlSubscription()
    {
        Name = "Subscription";

        Field<NonNullGraphType<QueueEventType>>("queueChanged")
            .Description("Null: every queue the caller may see.")
            .Argument<StringGraphType>("queue")
            .ResolveStreamAsync(async context =>
            {
                var principal = context.RequireRole(CallerRole.Agent, CallerRole.Manager, CallerRole.Admin);
                var grains = context.Grains();
                var name = context.GetArgument<string?>("queue");
                IReadOnlyList<string> names;
                if (name is null)
                {
                    names = await QueueAccess.VisibleQueuesAsync(grains, principal);
                }
                else
                {
                    if (!Policy.IsQueueName(name))
                    {
                        throw HitlException.BadInput("A queue name is 1-64 letters, digits, '-', '_' or '.'.");
                    }

                    await QueueAccess.EnsureCanSeeAsync(grains, principal, name);
                    names = [name];
                }

                var hub = context.Service<LiveHub>();
                var streams = names.Select(queue => LiveStreams.Of(
                    () => hub.WatchQueueAsync(principal.Tenant, queue),
                    async () =>
                    {
                        var view = await grains.GetGrain<IQueueGrain>(GrainKeys.Scoped(principal.Tenant, queue)).GetAsync(0);
                        return (view.Version, (IReadOnlyList<QueueChange>)[new QueueChange(principal.Tenant, queue, view.Version, QueueChange.Snapshot, null, view.Waiting)]);
                    },
                    c => c.Version,
                    onSlow: SlowConsumer(context))).ToList();
                return streams.Count == 1 ? streams[0] : LiveStreams.Merge(streams);
            });

        Field<NonNullGraphType<ConversationEventType>>("conversationChanged")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveStreamAsync(async context =>
            {
                var principal = context.Principal();
                var id = context.GetArgument<string>("id");
                ConversationAccess.EnsureCustomerScope(principal, id);
                var grain = context.Grains().Reference<IConversationGrain>(GrainKeys.Scoped(principal.Tenant, id));
                var current = await grain.GetAsync() ?? throw HitlException.NotFound($"Conversation '{id}' does not exist.");
                await ConversationAccess.EnsureCanReadAsync(context.Grains(), principal, current);
                var hub = context.Service<LiveHub>();
                var grains = context.Grains();
                return LiveStreams.Of(
                    () => hub.WatchConversationAsync(principal.Tenant, id),
                    async () =>
                    {
                        var view = (await grain.GetAsync())!;
                        return (view.Version, (IReadOnlyList<ConversationChange>)[new ConversationChange(principal.Tenant, id, view.Version, ConversationEvents.Snapshot, null, view)]);
                    },
                    c => c.Version,
                    (change, _) => StillAllowedAsync(grains, principal, change),
                    SlowConsumer(context));
            });

        Field<NonNullGraphType<WorkItemType>>("assignments")
            .Description("Work assigned to the calling agent: first what it holds now, then each new assignment.")
            .ResolveStream(context =>
            {
                var principal = context.RequireRole(CallerRole.Agent, CallerRole.Manager, CallerRole.Admin);
                var agent = context.Grains().GetGrain<IAgentGrain>(GrainKeys.Scoped(principal.Tenant, principal.Subject));
                var hub = context.Service<LiveHub>();
                return LiveStreams.Of(
                    () => hub.WatchAssignmentsAsync(principal.Tenant, principal.Subject),
                    async () =>
                    {
                        var view = await agent.GetAsync();
                        return (view.Version, (IReadOnlyList<AssignmentChange>)[.. view.Assignments.Select(i => new AssignmentChange(principal.Tenant, principal.Subject, view.Version, i))]);
                    },
                    c => c.Version,
                    (change, _) => ValueTask.FromResult<object?>(change.Item),
                    SlowConsumer(context));
            });

        Field<NonNullGraphType<ScoreboardType>>("scoreboardChanged")
            .Argument<WindowType>("window", a => a.DefaultValue = ScoreWindow.Day)
            .ResolveStream(context =>
            {
                var principal = context.RequireManager();
                var window = context.GetArgument("window", ScoreWindow.Day);
                var board = context.Grains().GetGrain<IScoreboardGrain>(principal.Tenant);
                var hub = context.Service<LiveHub>();
                return LiveStreams.Of(
                    () => hub.WatchScoreboardAsync(principal.Tenant),
                    async () =>
                    {
                        var view = await board.GetAsync(window);
                        return (view.Version, (IReadOnlyList<ScoreboardChange>)[new ScoreboardChange(principal.Tenant, view.Version)]);
                    },
                    c => c.Version,
                    async (_, _) => await board.GetAsync(window),
                    SlowConsumer(context));
            });
    }

    /// <summary>
    /// Each event is checked against the conversation as it is after the change: customers, owners,
    /// managers and admins pass without a lookup; an agent watching a conversation it could claim is
    /// checked against the queues it serves now. Once the caller may no longer see the conversation
    /// (someone else claimed it, it moved to a queue or agent the caller does not serve), the
    /// subscription ends with one event that answers FORBIDDEN; no later event reaches the caller.
    /// </summary>
    private static async ValueTask<object?> StillAllowedAsync(IGrainFactory grains, HitlPrincipal principal, ConversationChange change)
    {
        if (await ConversationAccess.CanReadAsync(principal, change.Conversation, () => QueueAccess.ServedQueuesAsync(grains, principal)))
        {
            return change;
        }

        return new LiveStreams.Last(ConversationEventType.Refusal(change, "You may no longer see this conversation: it is someone else's now, or waits in a queue you do not serve."));
    }

    /// <summary>Over a WebSocket, a subscription that falls behind closes its socket as a slow consumer.</summary>
    private static Action? SlowConsumer(IResolveFieldContext context) =>
        context.UserContext.TryGetValue(ISubscriberConnection.UserContextKey, out var value) && value is ISubscriberConnection connection
            ? connection.CutOffSlowConsumer
            : null;
}
