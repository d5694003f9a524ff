using GraphQL;
using GraphQL.Execution;
using GraphQL.Validation;
using GraphQL.Validation.Errors;
using GraphQL.Validation.Errors.Custom;
using Hitl.Grains.Common;
using Orleans.Runtime.Messaging;
using Orleans.Storage;

namespace Hitl.Api.GraphQL.Errors;

/// <summary>
/// Turns every GraphQL error into a message plus a stable <c>extensions.code</c> from
/// <see cref="HitlGraphQLErrorCodes"/>, and never exposes stack traces or exception details.
/// </summary>
/// <remarks>
/// Mapping, first match wins:
/// <list type="bullet">
/// <item><see cref="HitlException"/> anywhere in the inner-exception chain: its code and message.</item>
/// <item>Orleans' <see cref="InconsistentStateException"/>: <c>CONFLICT</c>, asking the client to retry.</item>
/// <item><see cref="OperationCanceledException"/>, <see cref="TimeoutException"/>, graphql-dotnet's
/// <see cref="TimeoutError"/>: <c>UNAVAILABLE</c>.</item>
/// <item>Orleans' message rejections (a silo died, no gateway), connection failures and database errors
/// that reach the API: <c>UNAVAILABLE</c>. (Silos turn storage failures into a <see cref="HitlException"/>
/// with that code themselves.)</item>
/// <item><see cref="SyntaxError"/>: <c>GRAPHQL_PARSE_FAILED</c>.</item>
/// <item><see cref="ComplexityError"/> (depth or complexity limit): <c>QUERY_TOO_COMPLEX</c>.</item>
/// <item>Variable and argument coercion errors: <c>BAD_USER_INPUT</c>.</item>
/// <item>Other validation and document errors: <c>GRAPHQL_VALIDATION_FAILED</c>, unless they already
/// carry one of our codes; request errors: <c>BAD_REQUEST</c>.</item>
/// <item>An <see cref="ExecutionError"/> raised deliberately (no inner exception) keeps its message, and
/// its code when that code is one of ours.</item>
/// <item>Anything else: <c>INTERNAL_SERVER_ERROR</c> with a generic message. The exception is logged
/// by the unhandled-exception delegate that <see cref="HitlGraphQLBuilderExtensions.AddHitlErrors"/> installs.</item>
/// </list>
/// </remarks>
public class HitlErrorInfoProvider : ErrorInfoProvider
{
    /// <summary>The message sent for <c>INTERNAL_SERVER_ERROR</c>.</summary>
    public const string InternalErrorMessage = "An unexpected error occurred.";

    internal const string ConflictMessage = "The data changed while the request ran; retry the request.";
    internal const string UnavailableMessage = "The request was cancelled or timed out; retry the request.";
    internal const string ClusterUnavailableMessage = "A part of the service is briefly unreachable; retry the request.";

    /// <inheritdoc/>
    public override ErrorInfo GetInfo(ExecutionError executionError)
    {
        ArgumentNullException.ThrowIfNull(executionError);

        var (code, message) = Classify(executionError);
        var extensions = new Dictionary<string, object?>(StringComparer.Ordinal) { ["code"] = code };
        if (code != HitlGraphQLErrorCodes.InternalServerError && executionError.Extensions is { Count: > 0 } extra)
        {
            // Extensions set on purpose by our own code (e.g. a retry hint) travel on; "code" is ours.
            foreach (var (key, value) in extra)
            {
                if (key != "code")
                    extensions[key] = value;
            }
        }

        return new ErrorInfo { Message = message, Extensions = extensions };
    }

    /// <summary>Picks the code and client-facing message for one error.</summary>
    protected virtual (string Code, string Message) Classify(ExecutionError error)
    {
        if (Find<HitlException>(error) is { } hitl)
            return (string.IsNullOrEmpty(hitl.Code) ? HitlGraphQLErrorCodes.BadUserInput : hitl.Code, hitl.Message);
        if (Find<InconsistentStateException>(error) is not null)
            return (HitlGraphQLErrorCodes.Conflict, ConflictMessage);
        if (error is TimeoutError || Find<OperationCanceledException>(error) is not null || Find<TimeoutException>(error) is not null)
            return (HitlGraphQLErrorCodes.Unavailable, UnavailableMessage);
        if (IsClusterUnavailable(error))
            return (HitlGraphQLErrorCodes.Unavailable, ClusterUnavailableMessage);

        return error switch
        {
            SyntaxError => (HitlGraphQLErrorCodes.ParseFailed, error.Message),
            ComplexityError => (HitlGraphQLErrorCodes.QueryTooComplex, error.Message),
            InvalidVariableError or InvalidValueError or InvalidLiteralError or ArgumentsOfCorrectTypeError
                => (HitlGraphQLErrorCodes.BadUserInput, error.Message),
            DocumentError when HitlGraphQLErrorCodes.IsKnown(error.Code) => (error.Code!, error.Message),
            DocumentError => (HitlGraphQLErrorCodes.ValidationFailed, error.Message),
            RequestError => (HitlGraphQLErrorCodes.BadRequest, error.Message),
            { InnerException: null } when HitlGraphQLErrorCodes.IsKnown(error.Code) => (error.Code!, error.Message),
            { InnerException: null } when error.GetType() == typeof(ExecutionError)
                => (HitlGraphQLErrorCodes.InternalServerError, error.Message),
            _ => (HitlGraphQLErrorCodes.InternalServerError, InternalErrorMessage),
        };
    }

    /// <summary>A silo, the gateway or the database is briefly out of reach: the caller should retry.</summary>
    internal static bool IsClusterUnavailable(Exception? exception) =>
        Find<OrleansMessageRejectionException>(exception) is not null || Find<ConnectionFailedException>(exception) is not null
        || Find<GatewayTooBusyException>(exception) is not null || Find<System.Data.Common.DbException>(exception) is not null;

    private static T? Find<T>(Exception? exception)
        where T : Exception
    {
        // Bounded walk: exception chains are short, but a cycle must not hang serialization.
        for (var depth = 0; exception is not null && depth < 16; depth++)
        {
            if (exception is T found)
                return found;
            if (exception is AggregateException { InnerExceptions.Count: > 0 } aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    if (Find<T>(inner) is { } nested)
                        return nested;
                }

                return null;
            }

            exception = exception.InnerException;
        }

        return null;
    }
}
