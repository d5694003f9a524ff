namespace Hitl.Grains.Scoreboards;

/// <summary>
/// The per-silo pre-aggregator of one tenant's board: conversations, queues and agents report
/// here (a local, one-way call), and it sends the sum to the scoreboard grain about once a
/// second. Key: tenant id.
/// </summary>
[Alias("hitl.IScoreboardFeedGrain")]
public interface IScoreboardFeedGrain : IGrainWithStringKey
{
    /// <summary>A conversation's contribution to the board changed.</summary>
    [Alias("Record"), OneWay]
    Task RecordAsync(ScoreboardDelta delta);

    /// <summary>A queue's number of waiting items after its change number <paramref name="version"/>.</summary>
    [Alias("QueueWaiting"), OneWay]
    Task QueueWaitingAsync(string queue, int waiting, long version);

    /// <summary>Whether an agent is ONLINE after its change number <paramref name="version"/>.</summary>
    [Alias("AgentPresence"), OneWay]
    Task AgentPresenceAsync(string agentId, bool online, long version);

    /// <summary>Sends what is collected now (the timer does this about once a second).</summary>
    [Alias("Flush")]
    Task FlushAsync();
}
