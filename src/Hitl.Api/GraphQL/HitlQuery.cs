using GraphQL;
using GraphQL.Types;
using Hitl.Api.Auth;
using Hitl.Api.GraphQL.Types;
using Hitl.Grains.Agents;
using Hitl.Grains.Common;
using Hitl.Grains.Conversations;
using Hitl.Grains.Knowledge;
using Hitl.Grains.Queues;
using Hitl.Grains.Scoreboards;
using Hitl.Grains.Tenants;

namespace Hitl.Api.GraphQL;

/// <summary>Root query: thin resolvers that check the caller and ask grains.</summary>
public sealed class HitlQuery : ObjectGraphType
{
    public HitlQuery()
    {
        Name = "Query";

        Field<ConversationType>("conversation")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async context =>
            {
                var principal = context.Principal();
                var id = context.GetArgument<string>("id");
                ConversationAccess.EnsureCustomerScope(principal, id);
                var conversation = await context.Grains()
                    .Reference<IConversationGrain>(GrainKeys.Scoped(principal.Tenant, id))
                    .GetAsync()
                    ?? throw HitlException.NotFound($"Conversation '{id}' does not exist.");
                await ConversationAccess.EnsureCanReadAsync(context.Grains(), principal, conversation);
                return conversation;
            });

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<QueueType>>>>("queues")
            .Description("Managers: every queue of the tenant. Agents: the queues they serve.")
            .ResolveAsync(async context =>
            {
                var principal = context.RequireRole(CallerRole.Agent, CallerRole.Manager, CallerRole.Admin);
                var names = await QueueAccess.VisibleQueuesAsync(context.Grains(), principal);
                var queues = await Task.WhenAll(names.Select(n => context.Grains().GetGrain<IQueueGrain>(GrainKeys.Scoped(principal.Tenant, n)).GetAsync(0)));
                return queues;
            });

        Field<QueueType>("queue")
            .Argument<NonNullGraphType<StringGraphType>>("name")
            .ResolveAsync(async context =>
            {
                var principal = context.RequireRole(CallerRole.Agent, CallerRole.Manager, CallerRole.Admin);
                var name = context.GetArgument<string>("name");
                if (!Policy.IsQueueName(name))
                {
                    throw HitlException.BadInput("A queue name is 1-64 letters, digits, '-', '_' or '.'.");
                }

                await QueueAccess.EnsureCanSeeAsync(context.Grains(), principal, name);
                return await context.Grains().GetGrain<IQueueGrain>(GrainKeys.Scoped(principal.Tenant, name)).GetAsync(QueueType.MaxFirst);
            });

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AgentType>>>>("agents")
            .Description("Managers: every agent of the tenant.")
            .ResolveAsync(async context =>
            {
                var principal = context.RequireManager();
                var grains = context.Grains();
                var ids = await grains.GetGrain<ITenantGrain>(principal.Tenant).GetAgentsAsync();
                return await Task.WhenAll(ids.Select(id => grains.GetGrain<IAgentGrain>(GrainKeys.Scoped(principal.Tenant, id)).GetAsync()));
            });

        Field<AgentType>("me")
            .Description("The calling agent.")
            .ResolveAsync(async context =>
            {
                var principal = context.RequireRole(CallerRole.Agent, CallerRole.Manager, CallerRole.Admin);
                return await context.Grains().GetGrain<IAgentGrain>(GrainKeys.Scoped(principal.Tenant, principal.Subject)).GetAsync();
            });

        Field<NonNullGraphType<ScoreboardType>>("scoreboard")
            .Description("Managers: the tenant's board for the window ending now.")
            .Argument<WindowType>("window", a => a.DefaultValue = ScoreWindow.Day)
            .ResolveAsync(async context =>
            {
                var principal = context.RequireManager();
                var window = context.GetArgument("window", ScoreWindow.Day);
                return await context.Grains().GetGrain<IScoreboardGrain>(principal.Tenant).GetAsync(window);
            });

        Field<NonNullGraphType<PolicyType>>("policy")
            .ResolveAsync(async context =>
            {
                var principal = context.RequireManager();
                return await context.Grains().GetGrain<ITenantGrain>(principal.Tenant).GetPolicyAsync();
            });

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ArticleType>>>>("articles")
            .ResolveAsync(async context =>
            {
                var principal = context.RequireRole(CallerRole.Agent, CallerRole.Manager, CallerRole.Admin);
                return await context.Grains().GetGrain<IKnowledgeBaseGrain>(principal.Tenant).GetArticlesAsync();
            });

        Field<NonNullGraphType<AnswerPreviewType>>("answerPreview")
            .Description("Managers: \"try it\" - what the bot would answer to this message, with what confidence, and whether it would escalate. Nothing is recorded.")
            .Argument<NonNullGraphType<StringGraphType>>("text")
            .ResolveAsync(async context =>
            {
                var principal = context.RequireManager();
                var text = context.GetArgument<string>("text");
                MessageRules.ValidateText(text);
                return await context.Grains().GetGrain<IAnswerPreviewGrain>(principal.Tenant).PreviewAsync(text);
            });
    }
}
