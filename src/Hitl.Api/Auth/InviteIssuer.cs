using System.Buffers.Text;
using System.Security.Cryptography;
using Hitl.Api.GraphQL.Types;
using Hitl.Grains.Access;
using Hitl.Grains.Common;
using Hitl.Grains.Tenants;
using Microsoft.Extensions.Options;

namespace Hitl.Api.Auth;

/// <summary>
/// Issues one-time console sign-in links: a random code whose hash keys an <see cref="IInviteGrain"/>,
/// and the link <c>Hitl:PublicBaseUrl</c> + <c>Hitl:Invites:Path</c> + <c>?code=</c>. The code itself is never stored.
/// </summary>
public sealed class InviteIssuer(IGrainFactory grains, IOptions<InviteOptions> options, PublicBaseUrl publicBaseUrl, TimeProvider time)
{
    /// <summary>Issues an invite that can be redeemed once before <paramref name="lifetime"/> (default: <c>Hitl:Invites:Lifetime</c>) passes.</summary>
    public async Task<InviteResult> IssueAsync(string tenant, CallerRole role, string subject, string? name, TimeSpan? lifetime = null)
    {
        var (code, expiresAt) = await IssueCodeAsync(tenant, role, subject, name, lifetime);
        return new InviteResult(LinkFor(code), expiresAt);
    }

    /// <summary>Issues an invite and returns its code; <see cref="LinkFor"/> makes the link once the server knows its address.</summary>
    public async Task<(string Code, DateTimeOffset ExpiresAt)> IssueCodeAsync(string tenant, CallerRole role, string subject, string? name, TimeSpan? lifetime = null)
    {
        var expiresAt = time.GetUtcNow() + (lifetime ?? options.Value.Lifetime);
        var code = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        await grains.GetGrain<IInviteGrain>(ApiKeys.Hash(code)).CreateAsync(new InviteGrant(tenant, role, subject, name, expiresAt));
        return (code, expiresAt);
    }

    public string LinkFor(string code) => $"{publicBaseUrl.Value}{options.Value.Path}?code={Uri.EscapeDataString(code)}";
}
