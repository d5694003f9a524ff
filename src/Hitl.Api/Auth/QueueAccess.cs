using Hitl.Grains.Agents;
using Hitl.Grains.Common;
using Hitl.Grains.Tenants;

namespace Hitl.Api.Auth;

/// <summary>
/// Who sees which queues: managers and admins all of their tenant's, agents the ones they serve (chosen among the
/// queues a manager granted them, or the default queue without a grant: the agent grain enforces that).
/// </summary>
public static class QueueAccess
{
    public static async Task<IReadOnlyList<string>> VisibleQueuesAsync(IGrainFactory grains, HitlPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(principal);
        if (principal.Role == CallerRole.Agent)
        {
            var agent = await grains.GetGrain<IAgentGrain>(GrainKeys.Scoped(principal.Tenant, principal.Subject)).GetAsync();
            return [.. agent.Queues.Order(StringComparer.Ordinal)];
        }

        return await grains.GetGrain<ITenantGrain>(principal.Tenant).GetQueuesAsync();
    }

    /// <summary>The queues the caller takes work from: the ones its agent profile serves.</summary>
    public static async Task<IReadOnlyList<string>> ServedQueuesAsync(IGrainFactory grains, HitlPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(principal);
        var agent = await grains.GetGrain<IAgentGrain>(GrainKeys.Scoped(principal.Tenant, principal.Subject)).GetAsync();
        return agent.Queues;
    }

    /// <summary>NOT_FOUND for a queue the tenant does not have, before any queue grain is touched for that name.</summary>
    public static async Task EnsureKnownAsync(IGrainFactory grains, HitlPrincipal principal, string queue)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(principal);
        var known = await grains.GetGrain<ITenantGrain>(principal.Tenant).GetQueuesAsync();
        if (!known.Contains(queue, StringComparer.Ordinal))
        {
            throw HitlException.NotFound($"Queue '{queue}' does not exist.");
        }
    }

    /// <summary>NOT_FOUND for a queue the tenant does not have; FORBIDDEN for an agent's queue it does not serve.</summary>
    public static async Task EnsureCanSeeAsync(IGrainFactory grains, HitlPrincipal principal, string queue)
    {
        await EnsureKnownAsync(grains, principal, queue);

        if (principal.Role == CallerRole.Agent && !(await VisibleQueuesAsync(grains, principal)).Contains(queue, StringComparer.Ordinal))
        {
            throw HitlException.Forbidden($"Agents see the queues they serve; '{queue}' is not one of them.");
        }
    }
}
