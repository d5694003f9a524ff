using Hitl.Silo.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Hitl.Api.Auth;

/// <summary>The installation's token signing key: from <c>Hitl:Jwt:SigningKey</c>, else generated once and kept in the data directory.</summary>
public sealed class SigningKeyProvider(IOptions<JwtOptions> options, DataDirectory data)
{
    private readonly Lazy<SymmetricSecurityKey> _key = new(() =>
        TokenService.KeyFrom(options.Value.SigningKey is { Length: > 0 } configured
            ? configured
            : data.GetOrCreateSecret("jwt-signing.key", () => DataDirectory.NewSecret(48))));

    public SymmetricSecurityKey Key => _key.Value;
}
