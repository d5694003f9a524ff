using GraphQL;
using Hitl.Api.Auth;
using Hitl.Api.GraphQL.Types;
using Hitl.Grains.Agents;
using Hitl.Grains.Common;
using Hitl.Grains.Conversations;

namespace Hitl.Api.GraphQL;

/// <summary>What resolvers need from the request: the caller and the grain factory.</summary>
public static class ResolveContextExtensions
{
    /// <summary>The authenticated caller, or UNAUTHENTICATED.</summary>
    public static HitlPrincipal Principal(this IResolveFieldContext context) =>
        HitlPrincipal.From(context.User)
        ?? throw new HitlException(HitlErrorCodes.Unauthenticated, "This needs a bearer token: send 'Authorization: Bearer <token>'.");

    /// <summary>
    /// The caller as nested fields see it: the token's principal, or, for the anonymous caller of
    /// startConversation, the customer of the conversation it just started (whose token it is given
    /// in the same payload); otherwise UNAUTHENTICATED.
    /// </summary>
    public static HitlPrincipal Caller(this IResolveFieldContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (HitlPrincipal.From(context.User) is { } principal)
        {
            return principal;
        }

        for (var parent = context.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent.Source is StartConversationResult started)
            {
                return new HitlPrincipal(started.Conversation.Tenant, CallerRole.Customer, started.Conversation.Id, started.Conversation.Id);
            }
        }

        return context.Principal();
    }

    /// <summary>The caller when it has one of <paramref name="roles"/>; otherwise UNAUTHENTICATED or FORBIDDEN.</summary>
    public static HitlPrincipal RequireRole(this IResolveFieldContext context, params CallerRole[] roles)
    {
        var principal = context.Principal();
        if (!roles.Contains(principal.Role))
        {
            throw HitlException.Forbidden($"A {principal.Role.ToString().ToUpperInvariant()} token cannot do this.");
        }

        return principal;
    }

    /// <summary>Managers and admins of the caller's tenant.</summary>
    public static HitlPrincipal RequireManager(this IResolveFieldContext context) =>
        context.RequireRole(CallerRole.Manager, CallerRole.Admin);

    public static IGrainFactory Grains(this IResolveFieldContext context) =>
        context.RequestServices!.GetRequiredService<IGrainFactory>();

    public static T Service<T>(this IResolveFieldContext context)
        where T : notnull =>
        context.RequestServices!.GetRequiredService<T>();

    /// <summary>The queues the calling agent serves, looked up once per request (or subscription event).</summary>
    public static Task<IReadOnlyList<string>> ServedQueuesAsync(this IResolveFieldContext context)
    {
        var principal = context.Caller();
        var grains = context.Grains();
        return RequestMemo.Of(context).GetAsync("served-queues", () => QueueAccess.ServedQueuesAsync(grains, principal));
    }

    /// <summary>FORBIDDEN unless the caller may read <paramref name="conversation"/>; the served queues are looked up at most once per request.</summary>
    public static Task EnsureCanReadAsync(this IResolveFieldContext context, ConversationView conversation) =>
        ConversationAccess.EnsureCanReadAsync(context.Caller(), conversation, context.ServedQueuesAsync);

    /// <summary>An agent's display name, looked up once per request; "Support" when the agent has none.</summary>
    public static Task<string> AgentNameAsync(this IResolveFieldContext context, string? agentId)
    {
        if (agentId is null)
        {
            return Task.FromResult(NeutralAgentName);
        }

        var principal = context.Caller();
        var grains = context.Grains();
        return RequestMemo.Of(context).GetAsync("agent-name:" + agentId, async () =>
        {
            var agent = await grains.GetGrain<IAgentGrain>(GrainKeys.Scoped(principal.Tenant, agentId)).GetAsync();
            return string.IsNullOrWhiteSpace(agent.Name) ? NeutralAgentName : agent.Name;
        });
    }

    /// <summary>What customers see for an agent without a display name.</summary>
    public const string NeutralAgentName = "Support";
}
