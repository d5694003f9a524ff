using GraphQL;
using GraphQL.DI;
using GraphQL.Execution;
using Hitl.Grains.Common;
using Orleans.Storage;

namespace Hitl.Api.GraphQL.Errors;

/// <summary>graphql-dotnet builder extensions for Hitl's error handling and request limits.</summary>
public static partial class HitlGraphQLBuilderExtensions
{
    /// <summary>Logger category used for unhandled resolver exceptions.</summary>
    public const string LoggerCategory = "Hitl.Api.GraphQL";

    /// <summary>
    /// Registers <see cref="HitlErrorInfoProvider"/> and execution options that never throw out of
    /// the executer (<see cref="ExecutionOptions.ThrowOnUnhandledException"/> = false) and log
    /// unexpected resolver exceptions server-side. Domain errors (<see cref="HitlException"/>) and
    /// cancellations are not logged as errors.
    /// </summary>
    public static IGraphQLBuilder AddHitlErrors(this IGraphQLBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddErrorInfoProvider<HitlErrorInfoProvider>();
        builder.ConfigureExecutionOptions(options =>
        {
            options.ThrowOnUnhandledException = false;
            options.UnhandledExceptionDelegate = context =>
            {
                LogUnhandled(context);
                return Task.CompletedTask;
            };
        });
        return builder;
    }

    /// <summary>
    /// Keeps parsed, validated documents (<see cref="DocumentCache"/>, settings in
    /// <see cref="DocumentCacheOptions"/>): a repeated query text skips parsing and the spec's
    /// document-only rules; limits and transport rules still run on every request.
    /// </summary>
    public static IGraphQLBuilder AddHitlDocumentCache(this IGraphQLBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.ConfigureExecution<DocumentCache>();
    }

    /// <summary>
    /// Turns on graphql-dotnet's complexity analyzer (<c>AddComplexityAnalyzer</c>, which adds
    /// <c>ComplexityValidationRule</c>). Depth counts field levels, leaves included: <c>{ a { b } }</c>
    /// has depth 2. Complexity: 1 per field, multiplied by 20 under list fields unless a <c>first</c>/
    /// <c>last</c> argument gives the page size. A document over either limit fails validation with
    /// <c>QUERY_TOO_COMPLEX</c> and nothing executes.
    /// </summary>
    public static IGraphQLBuilder AddHitlLimits(this IGraphQLBuilder builder, int maxDepth = 12, int maxComplexity = 2000)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxDepth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxComplexity);
        return builder.AddComplexityAnalyzer(options =>
        {
            options.MaxDepth = maxDepth;
            options.MaxComplexity = maxComplexity;
        });
    }

    private static void LogUnhandled(UnhandledExceptionContext context)
    {
        var services = context.ExecutionOptions.RequestServices;
        var logger = services?.GetService<ILoggerFactory>()?.CreateLogger(LoggerCategory);
        if (logger is null)
            return;

        var exception = context.OriginalException;
        var field = context.FieldContext?.FieldDefinition.Name ?? "(document)";
        switch (exception)
        {
            case HitlException hitl:
                LogRejected(logger, field, hitl.Code);
                break;
            case InconsistentStateException:
                LogConflict(logger, field, exception);
                break;
            case OperationCanceledException or TimeoutException:
                LogCancelled(logger, field);
                break;
            case var unavailable when HitlErrorInfoProvider.IsClusterUnavailable(unavailable):
                // Expected while a silo restarts or the database fails over; the caller gets UNAVAILABLE and retries.
                LogUnavailable(logger, field, exception.GetType().Name, exception.Message);
                break;
            default:
                LogUnexpected(logger, field, exception);
                break;
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "GraphQL field {Field} rejected the command with {Code}")]
    private static partial void LogRejected(ILogger logger, string field, string code);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "GraphQL field {Field} hit a storage conflict")]
    private static partial void LogConflict(ILogger logger, string field, Exception exception);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "GraphQL field {Field} was cancelled or timed out")]
    private static partial void LogCancelled(ILogger logger, string field);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "GraphQL field {Field} found part of the cluster unreachable ({Kind}: {Reason}); answered UNAVAILABLE")]
    private static partial void LogUnavailable(ILogger logger, string field, string kind, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "GraphQL field {Field} failed unexpectedly")]
    private static partial void LogUnexpected(ILogger logger, string field, Exception exception);
}
