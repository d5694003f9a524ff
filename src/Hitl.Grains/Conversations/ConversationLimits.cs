namespace Hitl.Grains.Conversations;

/// <summary>
/// The <c>Hitl:Limits</c> section: what one tenant can hold in the grains at once, so that nobody (a script starting
/// conversations, a customer flooding a queue) can exhaust a silo's memory or a queue. A limit answers
/// RATE_LIMITED and changes nothing.
/// </summary>
public sealed class ConversationLimits
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Hitl:Limits";

    /// <summary>
    /// <c>Hitl:Limits:OpenConversationsPerTenant</c> (default 100000, positive): how many open (not resolved) conversations of one
    /// tenant may be active in one silo's memory; <c>startConversation</c> over it answers RATE_LIMITED and creates
    /// nothing. Customers of conversations that exist are never refused (a resolved one reopens beyond the cap).
    /// </summary>
    /// <remarks>
    /// Counted per silo (<see cref="OpenConversationGauge"/>), not per cluster: each conversation activation counts
    /// itself in its silo while it is open and in memory, and stops when it resolves, idles out
    /// (<see cref="IdleConversationTtl"/>) or deactivates. That costs no grain call and no write on any path, is no
    /// hotspot, and is exact after a crash (a dead silo's count goes with its activations). The cap is what one silo
    /// holds: in embedded mode (one silo) that is the tenant's cap; in a cluster of N silos, where conversations are
    /// placed at random, a tenant can hold about N times it. Conversations that left memory (collected after
    /// idling, or closed) are in storage only and do not count.
    /// </remarks>
    public int OpenConversationsPerTenant { get; set; } = 100_000;

    /// <summary>
    /// <c>Hitl:Limits:WaitingItemsPerQueue</c> (default 10000, positive): how many work items one queue holds. A customer's
    /// explicit <c>requestHuman</c> to a full queue answers RATE_LIMITED and changes nothing. An automatic
    /// escalation (the engine decided on a customer message) is never refused, because the customer's message is
    /// accepted and acknowledged with it: the conversation escalates (QUEUED, the handoff notice is sent), and its
    /// work item waits in the conversation's durable outbox, which offers it to the queue again every few seconds
    /// while the conversation is active and on its next activation, until the queue has room.
    /// </summary>
    public int WaitingItemsPerQueue { get; set; } = 10_000;

    /// <summary>
    /// <c>Hitl:Limits:IdleConversationTtl</c> (default 24 hours): a conversation with the bot (BOT) or RESOLVED that
    /// nothing changed for this long is closed (a BOT one is resolved, counted on the scoreboard as resolved by the
    /// bot, or by a human if one was ever involved) and leaves memory. QUEUED and HUMAN conversations, and one whose
    /// bot draft waits for review, are never closed by it.
    /// </summary>
    /// <remarks>
    /// A grain timer, armed on every activation for the moment the conversation would expire, not a reminder: a
    /// reminder would cost a stored row and a storage write per conversation. The timer only runs while the
    /// conversation is in memory, which is all it needs to protect; a conversation that left memory earlier (Orleans
    /// collects idle activations after 15 minutes) is closed by the timer of its next activation, which fires at once
    /// when it is already past its time. Zero or less turns it off.
    /// </remarks>
    public TimeSpan IdleConversationTtl { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// <c>Hitl:Limits:RequestHumanCooldown</c> (default 60 seconds): after the customer resolves a conversation, their
    /// <c>requestHuman</c> on it answers RATE_LIMITED for this long and changes nothing (a resolve-and-request loop
    /// would otherwise fill a queue). Managers are not held back. Zero turns it off.
    /// </summary>
    public TimeSpan RequestHumanCooldown { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Copies these values onto <paramref name="target"/> (for <c>services.Configure&lt;ConversationLimits&gt;</c>).</summary>
    public void CopyTo(ConversationLimits target)
    {
        ArgumentNullException.ThrowIfNull(target);
        target.OpenConversationsPerTenant = OpenConversationsPerTenant;
        target.WaitingItemsPerQueue = WaitingItemsPerQueue;
        target.IdleConversationTtl = IdleConversationTtl;
        target.RequestHumanCooldown = RequestHumanCooldown;
    }
}
