using System.Text;

namespace Hitl.Api.Auth;

/// <summary>The <c>Hitl:Jwt</c> section.</summary>
public sealed class JwtOptions
{
    public const string Section = "Hitl:Jwt";

    /// <summary>The longest lifetime a token may be configured to have (7 days): a stolen token is not good for longer.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(7);

    /// <summary>The shortest signing key (bytes of UTF-8 text): HS256 needs 256 bits.</summary>
    public const int MinKeyBytes = 32;

    /// <summary>HS256 signing key (at least 32 bytes of text). Generated and kept in the data directory when unset.</summary>
    public string? SigningKey { get; set; }

    public string Issuer { get; set; } = "hitl";

    public string Audience { get; set; } = "hitl";

    /// <summary>Lifetime of AGENT, MANAGER and ADMIN tokens (default 12 hours, at most 7 days).</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Lifetime of CUSTOMER tokens from startConversation (default 24 hours, at most 7 days).</summary>
    public TimeSpan CustomerTokenLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Tolerated clock difference when checking a token's lifetime (default 30 seconds).</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long each API process caches a tenant's revocation list (default 5 seconds; 0 asks the grain on every request).
    /// A revocation applies at once in the process that made it, and in other API processes within this time.
    /// </summary>
    public TimeSpan RevocationCacheTtl { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>True when <paramref name="key"/> is unset or at least <see cref="MinKeyBytes"/> bytes long.</summary>
    public static bool IsLongEnough(string? key) => string.IsNullOrEmpty(key) || Encoding.UTF8.GetByteCount(key) >= MinKeyBytes;

    /// <summary>True when <paramref name="lifetime"/> is positive and at most <see cref="MaxLifetime"/>.</summary>
    public static bool IsLifetime(TimeSpan lifetime) => lifetime > TimeSpan.Zero && lifetime <= MaxLifetime;
}
