using Hitl.Grains.Common;

namespace Hitl.Grains.Conversations;

/// <summary>
/// The ownership state machine of a conversation: who answers the customer. Immutable; every
/// transition is guarded and either returns the next state or throws CONFLICT.
/// <code>
///   BOT ──escalate──▶ QUEUED ──assign(escalation)──▶ HUMAN ──handBack──▶ BOT
///    ▲                  │  ▲                          │  └──transfer──▶ QUEUED
///    │                  └──┴──── resolve ─────────────┴──▶ RESOLVED ──reopen──▶ BOT
/// </code>
/// A conversation is QUEUED exactly when it has an open escalation that no agent took yet, and
/// HUMAN exactly when one agent owns it.
/// </summary>
[GenerateSerializer, Immutable, Alias("hitl.Ownership")]
public sealed record Ownership(
    [property: Id(0)] ConversationStatus Status,
    [property: Id(1)] Owner Owner,
    [property: Id(2)] string? OpenEscalationId)
{
    public static Ownership Start(DateTimeOffset now) => new(ConversationStatus.Bot, Owner.Bot(now), null);

    public bool BotAnswers => Status == ConversationStatus.Bot;

    /// <summary>The bot hands the conversation to a queue under a new escalation.</summary>
    public Ownership Escalate(string escalationId, string queue, DateTimeOffset now)
    {
        Guard(Status == ConversationStatus.Bot, $"Only a conversation the bot owns can be escalated; it is {Status}.");
        return new(ConversationStatus.Queued, Owner.InQueue(queue, now), escalationId);
    }

    /// <summary>An agent takes the conversation. Accepted only while it still waits on that very escalation.</summary>
    public Ownership Assign(string escalationId, string agentId, DateTimeOffset now)
    {
        Guard(
            Status == ConversationStatus.Queued && OpenEscalationId == escalationId,
            Status == ConversationStatus.Queued
                ? "The conversation waits on a different escalation."
                : $"The conversation is not waiting for an agent; it is {Status}.");
        return new(ConversationStatus.Human, Owner.Agent(agentId, now), escalationId);
    }

    /// <summary>The owning agent (or a manager) sends the conversation to another queue under a new escalation.</summary>
    public Ownership TransferToQueue(string escalationId, string queue, DateTimeOffset now)
    {
        Guard(Status is ConversationStatus.Human or ConversationStatus.Queued, $"Only a queued or human-owned conversation can be transferred; it is {Status}.");
        return new(ConversationStatus.Queued, Owner.InQueue(queue, now), escalationId);
    }

    /// <summary>The owning agent (or a manager) hands the conversation straight to another agent under a new escalation.</summary>
    public Ownership TransferToAgent(string escalationId, string agentId, DateTimeOffset now)
    {
        Guard(Status is ConversationStatus.Human or ConversationStatus.Queued, $"Only a queued or human-owned conversation can be transferred; it is {Status}.");
        return new(ConversationStatus.Human, Owner.Agent(agentId, now), escalationId);
    }

    /// <summary>An agent that no longer holds the conversation (went offline, was unassigned) puts it back in its queue.</summary>
    public Ownership Requeue(string queue, DateTimeOffset now)
    {
        Guard(Status == ConversationStatus.Human, $"Only a human-owned conversation can go back to its queue; it is {Status}.");
        return new(ConversationStatus.Queued, Owner.InQueue(queue, now), OpenEscalationId);
    }

    /// <summary>The human gives the conversation back to the bot; the escalation closes.</summary>
    public Ownership HandBack(DateTimeOffset now)
    {
        Guard(Status is ConversationStatus.Human or ConversationStatus.Queued, $"Only an escalated conversation can be handed back to the bot; it is {Status}.");
        return new(ConversationStatus.Bot, Owner.Bot(now), null);
    }

    public Ownership Resolve(DateTimeOffset now)
    {
        Guard(Status != ConversationStatus.Resolved, "The conversation is resolved already.");
        return new(ConversationStatus.Resolved, Owner.Nobody(now), null);
    }

    /// <summary>A new customer message after resolution: the bot answers again.</summary>
    public Ownership Reopen(DateTimeOffset now)
    {
        Guard(Status == ConversationStatus.Resolved, $"Only a resolved conversation can reopen; it is {Status}.");
        return new(ConversationStatus.Bot, Owner.Bot(now), null);
    }

    /// <summary>True when <paramref name="agentId"/> is the agent that owns the conversation now.</summary>
    public bool IsOwnedBy(string agentId) =>
        Status == ConversationStatus.Human && Owner.Kind == OwnerKind.Agent && Owner.AgentId == agentId;

    private static void Guard(bool allowed, string message)
    {
        if (!allowed)
        {
            throw HitlException.Conflict(message);
        }
    }
}
