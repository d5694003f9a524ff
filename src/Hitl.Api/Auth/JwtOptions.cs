namespace Hitl.Api.Auth;

/// <summary>The <c>Hitl:Jwt</c> section.</summary>
public sealed class JwtOptions
{
    public const string Section = "Hitl:Jwt";

    /// <summary>HS256 signing key (at least 32 bytes of text). Generated and kept in the data directory when unset.</summary>
    public string? SigningKey { get; set; }

    public string Issuer { get; set; } = "hitl";

    public string Audience { get; set; } = "hitl";

    /// <summary>Lifetime of AGENT, MANAGER and ADMIN tokens (default 12 hours).</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Lifetime of CUSTOMER tokens from startConversation (default 24 hours).</summary>
    public TimeSpan CustomerTokenLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Tolerated clock difference when checking a token's lifetime (default 30 seconds).</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);
}
