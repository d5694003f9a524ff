using Hitl.Grains.Common;
using Hitl.Grains.Queues;
using Microsoft.Extensions.Logging;

namespace Hitl.Grains.Conversations;

/// <summary>
/// Makes sure what the conversation waits on waits in a queue: the open escalation as a HANDOFF item (with its
/// durable SLA reminder) and the pending draft as a DRAFT_REVIEW item. It reads what is still unconfirmed from the
/// state (<see cref="Conversation.HandoffToEnqueue"/>), so it runs after every durable change and on activation; if a
/// queue cannot be reached it retries on a grain timer while the grain is active, and again on its next activation,
/// so an acknowledged escalation is never lost between the two grains. Queues ignore duplicates.
/// </summary>
public sealed partial class HandoffOutbox(Grain grain, IGrainFactory grains, Conversation conversation, TimeProvider time, ILogger logger)
{
    /// <summary>The reminder that checks the first-human-response SLA of the open escalation.</summary>
    public const string SlaReminder = "sla";

    /// <summary>How often an unreachable queue is tried again.</summary>
    public static readonly TimeSpan Retry = TimeSpan.FromSeconds(5);

    private IGrainTimer? _retry;

    /// <summary>Sends what is unconfirmed; <paramref name="onRetry"/> runs the next attempt (inside the grain's own turn discipline).</summary>
    public async Task FlushAsync(Func<Task> onRetry)
    {
        ArgumentNullException.ThrowIfNull(onRetry);
        var draftSent = await SendAsync(conversation.DraftToEnqueue());
        var handoff = conversation.HandoffToEnqueue();
        var handoffSent = await SendAsync(handoff);
        if (handoff is { DueAt: { } due } && handoffSent && conversation.OpenEscalation?.FirstHumanResponseAt is null)
        {
            // Durable: fires at the due time even if this grain or the silo was gone in between.
            var dueIn = due - time.GetUtcNow();
            await grain.RegisterOrUpdateReminder(SlaReminder, dueIn > TimeSpan.Zero ? dueIn : TimeSpan.Zero, TimeSpan.FromMinutes(1));
        }

        if (draftSent && handoffSent)
        {
            _retry?.Dispose();
            _retry = null;
        }
        else
        {
            _retry ??= grain.RegisterGrainTimer(onRetry, new GrainTimerCreationOptions(Retry, Retry) { Interleave = false });
        }
    }

    /// <summary>Takes a withdrawn item out of its queue (best effort: a stale item is refused when offered).</summary>
    public async Task WithdrawAsync(string queue, string itemId)
    {
        try
        {
            await Queue(queue).RemoveAsync(itemId);
        }
        catch (Exception ex) when (IsFailedCall(ex))
        {
            LogQueueUnreachable(logger, ex, conversation.Id, queue);
        }
    }

    /// <summary>True when there was nothing to send or the queue confirmed the item.</summary>
    private async Task<bool> SendAsync(WorkItem? item)
    {
        if (item is null)
        {
            return true;
        }

        try
        {
            await Queue(item.Queue).EnqueueAsync(item);
            conversation.Enqueued(item);
            return true;
        }
        catch (Exception ex) when (IsFailedCall(ex))
        {
            LogQueueUnreachable(logger, ex, conversation.Id, item.Queue);
            return false;
        }
    }

    /// <summary>
    /// The call did not get through, the queue could not store it (UNAVAILABLE), or the queue is full (RATE_LIMITED,
    /// <see cref="ConversationLimits.WaitingItemsPerQueue"/>: the item waits here until it has room): try again later.
    /// Any other refusal is not retried.
    /// </summary>
    private static bool IsFailedCall(Exception ex) =>
        ex is not HitlException || ex is HitlException { Code: HitlErrorCodes.Unavailable or HitlErrorCodes.RateLimited };

    private IQueueGrain Queue(string name) => grains.GetGrain<IQueueGrain>(GrainKeys.Scoped(conversation.Tenant, name));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conversation {Conversation} could not reach queue {Queue}; it retries.")]
    private static partial void LogQueueUnreachable(ILogger logger, Exception exception, string conversation, string queue);
}
