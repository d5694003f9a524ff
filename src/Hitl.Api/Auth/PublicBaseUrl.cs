using Hitl.Api.Hosting;
using Hitl.Silo.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Hitl.Api.Auth;

/// <summary>The address links point to: <c>Hitl:PublicBaseUrl</c>, else the server's first listen address.</summary>
public sealed class PublicBaseUrl(IOptions<HitlOptions> options, IServer server)
{
    /// <summary>The base URL without a trailing slash.</summary>
    public string Value
    {
        get
        {
            var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var url = options.Value.PublicBaseUrl is { Length: > 0 } configured
                ? configured
                : addresses.FirstOrDefault() ?? HitlApiExtensions.DefaultUrl;
            return url.TrimEnd('/');
        }
    }
}
