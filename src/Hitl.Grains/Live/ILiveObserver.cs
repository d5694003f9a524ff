namespace Hitl.Grains.Live;

/// <summary>
/// Receives changes from the grains it watches. One observer per API process (the live hub) holds
/// one subscription per watched grain and fans events out to every WebSocket subscriber. Observers
/// are not durable: watchers subscribe again every few seconds, and every event carries its
/// source's version so a gap can be noticed.
/// </summary>
[Alias("hitl.ILiveObserver")]
public interface ILiveObserver : IGrainObserver
{
    [Alias("QueueChanged"), OneWay]
    Task OnQueueChangedAsync(QueueChange change);

    [Alias("ConversationChanged"), OneWay]
    Task OnConversationChangedAsync(ConversationChange change);

    [Alias("AssignmentChanged"), OneWay]
    Task OnAssignmentAsync(AssignmentChange change);

    [Alias("ScoreboardChanged"), OneWay]
    Task OnScoreboardChangedAsync(ScoreboardChange change);
}
