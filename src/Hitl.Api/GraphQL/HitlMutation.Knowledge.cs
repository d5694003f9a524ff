using GraphQL;
using GraphQL.Types;
using Hitl.Api.GraphQL.Inputs;
using Hitl.Api.GraphQL.Types;
using Hitl.Grains.Knowledge;
using Hitl.Grains.Tenants;
using ArticleChange = Hitl.Grains.Knowledge.ArticleInput;
using ArticleInput = Hitl.Api.GraphQL.Inputs.ArticleInput;

namespace Hitl.Api.GraphQL;

public sealed partial class HitlMutation
{
    /// <summary>Knowledge base and policy.</summary>
    private void AddKnowledgeFields()
    {
        Field<NonNullGraphType<ArticleType>>("upsertArticle")
            .Argument<NonNullGraphType<ArticleInputType>>("input")
            .ResolveAsync(async context =>
            {
                var principal = context.RequireManager();
                var input = context.GetArgument<ArticleInput>("input");
                return await context.Grains().GetGrain<IKnowledgeBaseGrain>(principal.Tenant)
                    .UpsertArticleAsync(new ArticleChange(input.Id, input.Title, input.Body, input.Questions ?? []));
            });
        Field<NonNullGraphType<BooleanGraphType>>("deleteArticle")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async context =>
            {
                var principal = context.RequireManager();
                var id = context.GetArgument<string>("id");
                return await context.Grains().GetGrain<IKnowledgeBaseGrain>(principal.Tenant).DeleteArticleAsync(id);
            });
        Field<NonNullGraphType<PolicyType>>("updatePolicy")
            .Argument<NonNullGraphType<PolicyInputType>>("input")
            .ResolveAsync(async context =>
            {
                var principal = context.RequireManager();
                var input = context.GetArgument<PolicyInput>("input");
                return await context.Grains().GetGrain<ITenantGrain>(principal.Tenant).UpdatePolicyAsync(input.ToPatch());
            });
    }
}
