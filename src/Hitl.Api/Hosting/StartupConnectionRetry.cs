using Hitl.Silo.Storage.Postgres;

namespace Hitl.Api.Hosting;

/// <summary>
/// Client mode: while the cluster cannot be reached at start, retry for up to
/// <see cref="PostgresOptions.StartupTimeout"/>, then give up (the process exits non-zero).
/// </summary>
public sealed partial class StartupConnectionRetry(PostgresOptions options, TimeProvider time, ILogger<StartupConnectionRetry> logger) : IClientConnectionRetryFilter
{
    private DateTimeOffset? _firstFailure;

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        _firstFailure ??= now;
        if (now - _firstFailure > options.StartupTimeout)
        {
            LogGivingUp(logger, options.StartupTimeout, exception.Message);
            return false;
        }

        LogRetrying(logger, exception.Message);
        await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No Hitl silo reachable yet ({Reason}); retrying.")]
    private static partial void LogRetrying(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "No Hitl silo reachable within {Timeout}; giving up: {Reason}")]
    private static partial void LogGivingUp(ILogger logger, TimeSpan timeout, string reason);
}
