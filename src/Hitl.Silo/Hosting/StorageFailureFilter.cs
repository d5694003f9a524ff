using System.Data.Common;
using Hitl.Grains.Common;
using Microsoft.Extensions.Logging;

namespace Hitl.Silo.Hosting;

/// <summary>
/// When a grain call fails because storage could not be reached (the database is down, a connection
/// broke mid-write), the caller gets <see cref="HitlErrorCodes.Unavailable"/> and the activation is
/// dropped: its in-memory state may hold a change that was never stored, and the next call must start
/// from what the database has, never from a half-written mix. Retrying the same request is safe.
/// </summary>
public sealed partial class StorageFailureFilter(ILogger<StorageFailureFilter> logger) : IIncomingGrainCallFilter
{
    public const string Message = "Storage is unavailable; nothing was changed. Retry the request.";

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await context.Invoke();
        }
        catch (Exception ex) when (IsStorageFailure(ex))
        {
            LogStorageFailure(logger, context.TargetId, context.ImplementationMethod.Name, ex);
            context.TargetContext.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationError, ex, "Storage failure: the activation may hold unsaved state."));
            throw ex is HitlException { Code: HitlErrorCodes.Unavailable } ? ex : HitlException.Unavailable(Message);
        }
    }

    /// <summary>A database error (Npgsql, SQLite and other ADO.NET providers), or storage already reported as unavailable, anywhere in the exception chain.</summary>
    public static bool IsStorageFailure(Exception? exception)
    {
        for (var depth = 0; exception is not null && depth < 16; depth++)
        {
            if (exception is DbException or HitlException { Code: HitlErrorCodes.Unavailable })
            {
                return true;
            }

            if (exception is AggregateException aggregate)
            {
                return aggregate.InnerExceptions.Any(IsStorageFailure);
            }

            exception = exception.InnerException;
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage failed during {Grain}.{Method}; the activation is dropped and the caller told to retry.")]
    private static partial void LogStorageFailure(ILogger logger, GrainId grain, string method, Exception exception);
}
