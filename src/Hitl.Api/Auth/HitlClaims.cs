namespace Hitl.Api.Auth;

/// <summary>Claim names in Hitl tokens.</summary>
public static class HitlClaims
{
    public const string Tenant = "tenant";
    public const string Role = "role";
    public const string Subject = "sub";
    /// <summary>CUSTOMER tokens: the one conversation they reach.</summary>
    public const string Conversation = "conv";
    /// <summary>The token's id (<c>jti</c>).</summary>
    public const string TokenId = "jti";
    /// <summary>Issued-at, seconds since the epoch (<c>iat</c>): revocation cuts off tokens issued before a time.</summary>
    public const string IssuedAt = "iat";
    /// <summary>Staff tokens: the display name customers see instead of the subject (optional).</summary>
    public const string Name = "name";
}
