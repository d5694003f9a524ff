using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Hitl.Grains.Common;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Hitl.Api.Auth;

/// <summary>Issues and describes the installation's HS256 bearer tokens.</summary>
public sealed class TokenService(IOptions<JwtOptions> options, SigningKeyProvider keys, TimeProvider time)
{
    // iat is written by hand, in milliseconds (RFC 7519 NumericDate may be fractional), so a revocation cut-off
    // separates tokens issued just before it from those issued just after it.
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    public (string Token, DateTimeOffset ExpiresAt) Issue(string tenant, CallerRole role, string subject, string? conversationId = null, string? name = null)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        var expires = now + (role == CallerRole.Customer ? o.CustomerTokenLifetime : o.AccessTokenLifetime);
        var claims = new Dictionary<string, object>
        {
            [HitlClaims.Tenant] = tenant,
            [HitlClaims.Role] = role.ToString().ToUpperInvariant(),
            [HitlClaims.Subject] = subject,
            [HitlClaims.TokenId] = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16)),
            [HitlClaims.IssuedAt] = now.ToUnixTimeMilliseconds() / 1000.0,
        };
        if (conversationId is not null)
        {
            claims[HitlClaims.Conversation] = conversationId;
        }

        if (name is not null)
        {
            claims[HitlClaims.Name] = name;
        }

        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = o.Issuer,
            Audience = o.Audience,
            Claims = claims,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(keys.Key, SecurityAlgorithms.HmacSha256),
        });
        return (token, expires);
    }

    /// <summary>Parameters the JWT bearer handler validates with.</summary>
    public static TokenValidationParameters ValidationParameters(JwtOptions options, SymmetricSecurityKey key) => new()
    {
        ValidIssuer = options.Issuer,
        ValidAudience = options.Audience,
        IssuerSigningKey = key,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ValidateIssuer = true,
        ValidateAudience = true,
        ValidateLifetime = true,
        ValidateIssuerSigningKey = true,
        RequireExpirationTime = true,
        ClockSkew = options.ClockSkew,
        NameClaimType = HitlClaims.Subject,
        RoleClaimType = HitlClaims.Role,
    };

    /// <summary>Builds the signing key from configured text.</summary>
    public static SymmetricSecurityKey KeyFrom(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (bytes.Length < JwtOptions.MinKeyBytes)
        {
            throw new InvalidOperationException($"Hitl:Jwt:SigningKey must be at least {JwtOptions.MinKeyBytes} bytes long.");
        }

        return new SymmetricSecurityKey(bytes);
    }
}
