using Hitl.Grains.Common;

namespace Hitl.Api.GraphQL.Errors;

/// <summary>
/// Every <c>extensions.code</c> the GraphQL API can return. Clients switch on these; they never
/// change meaning. Domain codes come from <see cref="HitlErrorCodes"/>; the rest belong to the
/// transport and the GraphQL engine.
/// </summary>
public static class HitlGraphQLErrorCodes
{
    /// <summary>No or invalid credentials (HTTP 401 on the transport).</summary>
    public const string Unauthenticated = HitlErrorCodes.Unauthenticated;

    /// <summary>The caller may not do this.</summary>
    public const string Forbidden = HitlErrorCodes.Forbidden;

    /// <summary>An argument or variable value was rejected (coercion or a domain rule).</summary>
    public const string BadUserInput = HitlErrorCodes.BadUserInput;

    /// <summary>The addressed entity does not exist (or is not visible to the caller).</summary>
    public const string NotFound = HitlErrorCodes.NotFound;

    /// <summary>A concurrent change won; re-read and retry.</summary>
    public const string Conflict = HitlErrorCodes.Conflict;

    /// <summary>A rate limit or a per-tenant cap was reached (HTTP 429 when the whole request was refused); nothing was changed.</summary>
    public const string RateLimited = HitlErrorCodes.RateLimited;

    /// <summary>The HTTP request is not a well-formed GraphQL request (HTTP 400).</summary>
    public const string BadRequest = "BAD_REQUEST";

    /// <summary>The request body exceeded the configured size limit (HTTP 413).</summary>
    public const string PayloadTooLarge = "PAYLOAD_TOO_LARGE";

    /// <summary>The request's Content-Type is not <c>application/json</c> (HTTP 415).</summary>
    public const string UnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE";

    /// <summary>The Accept header allows no media type the server produces (HTTP 406).</summary>
    public const string NotAcceptable = "NOT_ACCEPTABLE";

    /// <summary>HTTP method not allowed, e.g. a mutation over GET (HTTP 405).</summary>
    public const string MethodNotAllowed = "METHOD_NOT_ALLOWED";

    /// <summary>A subscription was sent over plain HTTP; use the WebSocket transport.</summary>
    public const string OperationNotSupported = "OPERATION_NOT_SUPPORTED";

    /// <summary>The document is not valid GraphQL syntax.</summary>
    public const string ParseFailed = "GRAPHQL_PARSE_FAILED";

    /// <summary>The document does not validate against the schema.</summary>
    public const string ValidationFailed = "GRAPHQL_VALIDATION_FAILED";

    /// <summary>The document exceeds the configured depth or complexity limit.</summary>
    public const string QueryTooComplex = "QUERY_TOO_COMPLEX";

    /// <summary>Cancelled or timed out; safe to retry.</summary>
    public const string Unavailable = "UNAVAILABLE";

    /// <summary>Anything unexpected. The message is generic; details are logged server-side.</summary>
    public const string InternalServerError = "INTERNAL_SERVER_ERROR";
    public const string TooManySubscriptions = "TOO_MANY_SUBSCRIPTIONS";

    /// <summary>Whether <paramref name="code"/> is one of the codes above.</summary>
    public static bool IsKnown(string? code) => code is not null && Known.Contains(code);

    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        Unauthenticated, Forbidden, BadUserInput, NotFound, Conflict, RateLimited, BadRequest, PayloadTooLarge,
        UnsupportedMediaType, NotAcceptable, MethodNotAllowed, OperationNotSupported, ParseFailed,
        ValidationFailed, QueryTooComplex, Unavailable, InternalServerError, TooManySubscriptions,
    };
}
