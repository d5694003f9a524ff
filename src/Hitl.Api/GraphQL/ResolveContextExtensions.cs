using GraphQL;
using Hitl.Api.Auth;
using Hitl.Grains.Common;

namespace Hitl.Api.GraphQL;

/// <summary>What resolvers need from the request: the caller and the grain factory.</summary>
public static class ResolveContextExtensions
{
    /// <summary>The authenticated caller, or UNAUTHENTICATED.</summary>
    public static HitlPrincipal Principal(this IResolveFieldContext context) =>
        HitlPrincipal.From(context.User)
        ?? throw new HitlException(HitlErrorCodes.Unauthenticated, "This needs a bearer token: send 'Authorization: Bearer <token>'.");

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
}
