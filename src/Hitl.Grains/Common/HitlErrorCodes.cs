namespace Hitl.Grains.Common;

/// <summary>Stable error codes, surfaced as GraphQL <c>extensions.code</c>.</summary>
public static class HitlErrorCodes
{
    public const string Unauthenticated = "UNAUTHENTICATED";
    public const string Forbidden = "FORBIDDEN";
    public const string BadUserInput = "BAD_USER_INPUT";
    public const string NotFound = "NOT_FOUND";
    public const string Conflict = "CONFLICT";

    /// <summary>A rate limit or a per-tenant cap was reached; nothing was changed. Retry later.</summary>
    public const string RateLimited = "RATE_LIMITED";

    /// <summary>Storage or a silo could not be reached; nothing was changed and the request may be retried as is.</summary>
    public const string Unavailable = "UNAVAILABLE";
}
