using System.Net;
using System.Security.Claims;

namespace Hitl.Api.GraphQL.Http;

/// <summary>The default GraphQL user context: a dictionary that also carries the caller.</summary>
public class GraphQLUserContext : Dictionary<string, object?>
{
    /// <summary>Creates a user context for <paramref name="user"/>.</summary>
    public GraphQLUserContext(ClaimsPrincipal user)
        : base(StringComparer.Ordinal)
    {
        ArgumentNullException.ThrowIfNull(user);
        User = user;
    }

    /// <summary>The authenticated caller, or an anonymous principal.</summary>
    public ClaimsPrincipal User { get; }

    /// <summary>
    /// The client's address (<c>HttpContext.Connection.RemoteIpAddress</c> of the request or WebSocket upgrade), which
    /// per-address rate limits are keyed by; null when unknown.
    /// </summary>
    public IPAddress? ClientAddress { get; init; }
}
