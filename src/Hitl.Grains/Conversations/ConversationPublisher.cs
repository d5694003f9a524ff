using Hitl.Grains.Common;
using Hitl.Grains.Live;
using Hitl.Grains.Scoreboards;
using Microsoft.Extensions.Logging;

namespace Hitl.Grains.Conversations;

/// <summary>
/// Tells the world about a conversation's durable changes: its contribution to the tenant's scoreboard moves, and
/// its watchers hear what changed since they last heard (<see cref="ConversationEvents"/>), in one notice per change.
/// Called only after a write succeeded, so nobody hears of a change storage does not hold.
/// </summary>
public sealed class ConversationPublisher
{
    private readonly IGrainFactory _grains;
    private readonly Conversation _conversation;
    private readonly LiveWatchers _watchers;
    private ConversationMark _mark;
    private ConversationContribution? _contribution;

    public ConversationPublisher(IGrainFactory grains, Conversation conversation, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        _grains = grains;
        _conversation = conversation;
        _watchers = new LiveWatchers(logger);
        _mark = ConversationMark.Of(conversation.State);
        _contribution = ConversationContribution.Of(conversation.State);
    }

    public void Watch(ILiveObserver observer) => _watchers.Watch(observer);

    public void Unwatch(ILiveObserver observer) => _watchers.Unwatch(observer);

    /// <summary>The state was just written: feed the scoreboard and notify watchers.</summary>
    public void Published()
    {
        var state = _conversation.State;
        if (ConversationContribution.Of(state) is { } contribution)
        {
            if (ScoreboardDelta.Between(_contribution, contribution) is { } delta)
            {
                _grains.Reference<IScoreboardFeedGrain>(_conversation.Tenant).RecordAsync(delta).Ignore();
            }

            _contribution = contribution;
        }

        var before = _mark;
        var after = ConversationMark.Of(state);
        _mark = after;
        if (_watchers.Count == 0)
        {
            return;
        }

        var view = _conversation.View();
        var seq = before.MessageCount;
        var tailStart = (long)state.FlushedPages * TranscriptLayout.PageSize;
        var changes = new List<ConversationChange>();
        foreach (var kind in ConversationEvents.Between(before, after))
        {
            ChatMessage? message = null;
            if (kind == ConversationEvents.Message)
            {
                var index = seq++ - tailStart;
                message = index >= 0 && index < state.Tail.Count ? state.Tail[(int)index] : null;
            }

            changes.Add(new ConversationChange(_conversation.Tenant, _conversation.Id, after.Version, kind, message, view));
        }

        // One notice per change: its events stay together and in order.
        _watchers.Notify(after.Version, before.Version, changes, (o, notice) => o.OnConversationChangedAsync(notice));
    }
}
