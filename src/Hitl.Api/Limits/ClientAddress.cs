using System.Net;

namespace Hitl.Api.Limits;

/// <summary>
/// The partition key of a client address: the TCP peer (<c>HttpContext.Connection.RemoteIpAddress</c>), IPv4-mapped
/// IPv6 addresses as IPv4. Behind a proxy, configure ForwardedHeaders so that this is the client, not the proxy.
/// </summary>
internal static class ClientAddress
{
    /// <summary>The key for <paramref name="address"/>; every caller without one (in-process test hosts) shares "unknown".</summary>
    public static string Key(IPAddress? address) => address switch
    {
        null => "unknown",
        { IsIPv4MappedToIPv6: true } => address.MapToIPv4().ToString(),
        _ => address.ToString(),
    };
}
