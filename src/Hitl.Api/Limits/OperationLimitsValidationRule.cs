using GraphQL.Validation;
using GraphQLParser.AST;
using Hitl.Api.Auth;
using Hitl.Api.GraphQL.Http;

namespace Hitl.Api.Limits;

/// <summary>
/// The per-operation abuse limits, as a graphql-dotnet validation rule so they run in one place for every transport
/// (HTTP and graphql-transport-ws <c>subscribe</c> messages) on the parsed operation, before anything executes:
/// <list type="number">
/// <item>at most <see cref="RateLimitOptions.MaxRootFields"/> root fields (checked on the document);</item>
/// <item>the rate limits of <see cref="RateLimitOptions"/> for the mutation's root fields, spent only by operations
/// that passed every other check (after variables and arguments were read), so a malformed request costs nothing.</item>
/// </list>
/// Either refusal is a <see cref="RateLimitedError"/>; the operation does not run.
/// </summary>
internal sealed class OperationLimitsValidationRule : ValidationRuleBase
{
    private readonly OperationRateLimiter _limiter;
    private readonly INodeVisitor _spend;

    public OperationLimitsValidationRule(OperationRateLimiter limiter)
    {
        _limiter = limiter;
        _spend = new MatchingNodeVisitor<GraphQLDocument>(leave: (_, context) => Spend(context));
    }

    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context)
    {
        var max = _limiter.MaxRootFields;
        if (RootFields.Count(context.Document, context.Operation, max + 1) > max)
        {
            context.ReportError(new RateLimitedError(
                context,
                $"An operation may select at most {max} root fields (aliases and fields of fragments count); split it into several requests.",
                retryAfter: null));
        }

        return default;
    }

    public override ValueTask<INodeVisitor?> GetPostNodeVisitorAsync(ValidationContext context) =>
        _limiter.Enabled && context.Operation.Operation == OperationType.Mutation ? new(_spend) : default;

    private void Spend(ValidationContext context)
    {
        // Other rules of this pass (complexity) report while visiting; leaving the document comes last.
        if (context.HasErrors)
        {
            return;
        }

        var fields = new List<string>();
        RootFields.Count(context.Document, context.Operation, _limiter.MaxRootFields, fields);
        var address = (context.UserContext as GraphQLUserContext)?.ClientAddress;
        if (_limiter.TryAcquire(fields, HitlPrincipal.From(context.User), address) is { } refusal)
        {
            context.ReportError(new RateLimitedError(context, refusal.Message, refusal.RetryAfter));
        }
    }
}
