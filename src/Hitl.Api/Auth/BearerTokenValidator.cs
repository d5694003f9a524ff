using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Hitl.Api.Auth;

/// <summary>
/// The one place a bearer token is judged: signature, issuer, audience and lifetime with exactly the parameters the
/// JWT bearer handler uses, then revocation. HTTP requests reach <see cref="IsRevokedAsync"/> through the handler's
/// <c>OnTokenValidated</c> event; WebSockets call <see cref="ValidateAsync"/> for <c>connection_init</c> payloads.
/// </summary>
/// <remarks>A host without Hitl authentication (transport tests) has no revocation cache and no revocations.</remarks>
public sealed class BearerTokenValidator(IOptionsMonitor<JwtBearerOptions> bearer, TokenRevocationCache? revocations = null)
{
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    /// <summary>The principal of a valid, unrevoked token ("Bearer x" or just "x"), or null.</summary>
    public async Task<ClaimsPrincipal?> ValidateAsync(string? authorization)
    {
        if (string.IsNullOrWhiteSpace(authorization))
        {
            return null;
        }

        var token = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? authorization["Bearer ".Length..].Trim()
            : authorization.Trim();
        var parameters = bearer.Get(JwtBearerDefaults.AuthenticationScheme).TokenValidationParameters;
        var result = await _handler.ValidateTokenAsync(token, parameters);
        if (!result.IsValid)
        {
            return null;
        }

        var user = new ClaimsPrincipal(result.ClaimsIdentity);
        return await IsRevokedAsync(user, result.SecurityToken) ? null : user;
    }

    /// <summary>True when the token's subject was revoked after the token was issued (by its <c>iat</c>).</summary>
    public async Task<bool> IsRevokedAsync(ClaimsPrincipal? user, SecurityToken? token)
    {
        if (revocations is null)
        {
            return false;
        }

        var tenant = user?.FindFirst(HitlClaims.Tenant)?.Value;
        var subject = user?.FindFirst(HitlClaims.Subject)?.Value;
        if (tenant is null || subject is null)
        {
            // Not a Hitl principal: HitlPrincipal.From refuses it anyway.
            return false;
        }

        var list = await revocations.GetAsync(tenant);
        return list.Cutoffs.ContainsKey(subject) && list.IsRevoked(subject, IssuedAt(token));
    }

    /// <summary>The token's <c>iat</c> to the millisecond (Hitl writes it fractional); the epoch when it has none.</summary>
    private static DateTimeOffset IssuedAt(SecurityToken? token)
    {
        if (token is not JsonWebToken jwt)
        {
            return DateTimeOffset.UnixEpoch;
        }

        // JsonWebToken reads iat as whole seconds; read the payload's number itself.
        var payload = Base64UrlEncoder.DecodeBytes(jwt.EncodedPayload);
        using var document = JsonDocument.Parse(payload);
        return document.RootElement.TryGetProperty(HitlClaims.IssuedAt, out var iat) && iat.ValueKind == JsonValueKind.Number && iat.TryGetDouble(out var seconds)
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000))
            : DateTimeOffset.UnixEpoch;
    }
}
