using GraphQL;
using GraphQL.Types;
using Hitl.Api.Auth;
using Hitl.Api.GraphQL.Types;
using Hitl.Grains.Common;
using Hitl.Grains.Conversations;
using Hitl.Grains.Knowledge;
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
                    .GetGrain<IConversationGrain>(GrainKeys.Scoped(principal.Tenant, id))
                    .GetAsync()
                    ?? throw HitlException.NotFound($"Conversation '{id}' does not exist.");
                ConversationAccess.EnsureCanRead(principal, conversation);
                return conversation;
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
    }
}
