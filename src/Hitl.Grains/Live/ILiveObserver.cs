namespace Hitl.Grains.Live;

/// <summary>
/// Receives changes from the grains it watches. One observer per API process (the live hub) holds
/// one subscription per watched grain and fans events out to every WebSocket subscriber. Observers
/// are not durable: watchers subscribe again every few seconds. Each notice carries its source's
/// version and the version notified before it, so the hub can restore order and notice a gap.
/// </summary>
[Alias("hitl.ILiveObserver")]
public interface ILiveObserver : IGrainObserver
{
    [Alias("QueueNotice"), OneWay]
    Task OnQueueChangedAsync(LiveNotice<QueueChange> notice);

    [Alias("ConversationNotice"), OneWay]
    Task OnConversationChangedAsync(LiveNotice<ConversationChange> notice);

    [Alias("AssignmentNotice"), OneWay]
    Task OnAssignmentAsync(LiveNotice<AssignmentChange> notice);

    [Alias("ScoreboardNotice"), OneWay]
    Task OnScoreboardChangedAsync(LiveNotice<ScoreboardChange> notice);
}
