using GraphQL.Validation;
using Hitl.Api.GraphQL.Errors;

namespace Hitl.Api.Limits;

/// <summary>
/// An operation refused by a limit before anything ran: <c>RATE_LIMITED</c>, with <c>extensions.retryAfter</c> (whole
/// seconds) when waiting helps. The HTTP transport answers 429 and a <c>Retry-After</c> header.
/// </summary>
internal sealed class RateLimitedError : ValidationError
{
    public RateLimitedError(ValidationContext context, string message, TimeSpan? retryAfter)
        : base(context.Document.Source, null, message, context.Operation)
    {
        Code = HitlGraphQLErrorCodes.RateLimited;
        if (retryAfter is { } wait)
        {
            RetryAfterSeconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            Extensions ??= new Dictionary<string, object?>(StringComparer.Ordinal);
            Extensions["retryAfter"] = RetryAfterSeconds;
        }
    }

    /// <summary>Whole seconds until a retry may pass, or null when waiting does not help (the operation is too big).</summary>
    public int? RetryAfterSeconds { get; }
}
