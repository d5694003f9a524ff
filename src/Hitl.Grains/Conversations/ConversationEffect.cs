namespace Hitl.Grains.Conversations;

/// <summary>
/// What a command asks of other grains once its change is durable. The <see cref="Conversation"/> aggregate
/// returns effects; the grain persists first, then performs them, so another grain never hears of a change
/// that storage does not hold. Enqueueing is not an effect: the handoff outbox reads what waits to be
/// enqueued from the state itself, so it survives a crash between the write and the call.
/// </summary>
public abstract record ConversationEffect
{
    private ConversationEffect()
    {
    }

    /// <summary>The item no longer waits on the conversation: take it out of its queue (best effort; a stale item is refused when offered).</summary>
    public sealed record Withdraw(string Queue, string ItemId) : ConversationEffect;

    /// <summary>The agent no longer holds the item: its slot frees up and it may take the next one.</summary>
    public sealed record ReleaseAgent(string AgentId, string ItemId) : ConversationEffect;

    /// <summary>The agent owns the conversation now: its console hears of the assignment.</summary>
    public sealed record TellAssigned(string AgentId, string ItemId) : ConversationEffect;

    /// <summary>The waiting item breached its SLA: it moves up in its queue.</summary>
    public sealed record RaisePriority(string Queue, string ItemId, int Priority) : ConversationEffect;
}
