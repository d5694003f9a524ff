using System.Security.Claims;
using Hitl.Grains.Common;

namespace Hitl.Api.Auth;

/// <summary>The authenticated caller: tenant, role and subject, from a validated token.</summary>
public sealed record HitlPrincipal(string Tenant, CallerRole Role, string Subject, string? ConversationId)
{
    /// <summary>Staff display name from the token, if it carries one.</summary>
    public string? Name { get; init; }

    /// <summary>The token's id (<c>jti</c>), if it carries one.</summary>
    public string? TokenId { get; init; }

    public Caller Caller => new(Role, Subject);

    /// <summary>Reads the principal from validated claims, or null when they are incomplete.</summary>
    public static HitlPrincipal? From(ClaimsPrincipal? user)
    {
        if (user?.Identity?.IsAuthenticated != true)
        {
            return null;
        }

        var tenant = user.FindFirst(HitlClaims.Tenant)?.Value;
        var subject = user.FindFirst(HitlClaims.Subject)?.Value;
        var roleText = user.FindFirst(HitlClaims.Role)?.Value;
        if (tenant is null || subject is null || !Enum.TryParse<CallerRole>(roleText, ignoreCase: true, out var role))
        {
            return null;
        }

        var conversation = user.FindFirst(HitlClaims.Conversation)?.Value;
        if (role == CallerRole.Customer && conversation is null)
        {
            return null;
        }

        return new HitlPrincipal(tenant, role, subject, conversation)
        {
            Name = user.FindFirst(HitlClaims.Name)?.Value,
            TokenId = user.FindFirst(HitlClaims.TokenId)?.Value,
        };
    }
}
