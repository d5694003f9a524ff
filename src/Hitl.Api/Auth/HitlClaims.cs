namespace Hitl.Api.Auth;

/// <summary>Claim names in Hitl tokens.</summary>
public static class HitlClaims
{
    public const string Tenant = "tenant";
    public const string Role = "role";
    public const string Subject = "sub";
    /// <summary>CUSTOMER tokens: the one conversation they reach.</summary>
    public const string Conversation = "conv";
}
