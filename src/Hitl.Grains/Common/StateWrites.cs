using Microsoft.Extensions.Logging;

namespace Hitl.Grains.Common;

/// <summary>
/// The one rule for a failed write, used by every grain: the activation goes away (it is deactivated as
/// soon as the current call ends, and the next call starts from what storage holds), and the command fails
/// with <see cref="HitlErrorCodes.Unavailable"/>, so nothing half-applied is ever served and the caller may
/// retry the same request. A storage ETag conflict (another activation wrote first) is a failed write too.
/// </summary>
public static partial class StateWrites
{
    public const string Message = "Storage is unavailable; nothing was changed. Retry the request.";

    /// <summary>Writes the state; on any failure drops the activation and throws UNAVAILABLE.</summary>
    public static async Task WriteOrResetAsync<TState>(this IPersistentState<TState> state, IGrainBase grain, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(grain);
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception ex)
        {
            Reset(grain, logger, ex);
            throw HitlException.Unavailable(Message);
        }
    }

    /// <summary>
    /// Drops the activation after a write failed, without throwing: for writers that must fail several
    /// waiting callers at once (a reentrant grain's serialized writer).
    /// </summary>
    public static void Reset(IGrainBase grain, ILogger logger, Exception failure)
    {
        ArgumentNullException.ThrowIfNull(grain);
        LogWriteFailed(logger, failure, grain.GrainContext.GrainId);
        grain.DeactivateOnIdle();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing {Grain} failed; the activation is dropped and reloads from storage on the next call.")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, GrainId grain);
}
