namespace Hitl.Api.Auth;

/// <summary>The <c>Hitl:Invites</c> section: one-time console sign-in links.</summary>
public sealed class InviteOptions
{
    public const string Section = "Hitl:Invites";

    /// <summary>The longest an invite may be configured to stay valid (7 days).</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(7);

    /// <summary>How long an invite can be redeemed (default 24 hours, at most 7 days).</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The web console's sign-in path the link points to; the code follows as <c>?code=</c>.</summary>
    public string Path { get; set; } = "/signin";

    /// <summary>
    /// How long the ADMIN link an embedded start prints for the demo tenant stays valid (default 30 minutes,
    /// at most <see cref="Lifetime"/>); each start prints a new one. Zero prints none.
    /// </summary>
    public TimeSpan StartupLinkLifetime { get; set; } = TimeSpan.FromMinutes(30);
}
