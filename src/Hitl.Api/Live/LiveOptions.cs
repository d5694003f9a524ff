namespace Hitl.Api.Live;

/// <summary>Live updates (configuration section <c>Hitl:Live</c>).</summary>
public sealed class LiveOptions
{
    public const string Section = "Hitl:Live";

    /// <summary>How often the hub renews every grain subscription: the longest a restarted silo or a reactivated grain leaves watchers silent.</summary>
    public TimeSpan ResubscribeInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How long a renewal may go unanswered before the hub gives it up and lets the next round try again. A call sent
    /// to a silo that just died can wait for Orleans' response timeout (30 s); one such grain must not hold up the
    /// renewals of the others.
    /// </summary>
    public TimeSpan RenewalTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How long the hub holds events that arrived ahead of an earlier one (Orleans does not keep one-way calls in
    /// order) before it renews the subscription, catches watchers up and lets the held events through.
    /// </summary>
    public TimeSpan GapPatience { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Notices the hub holds per watched grain while it waits for an earlier one; one more drops them and catches
    /// watchers up at once from the grain's current state, so a lost notice never grows memory without bound.
    /// </summary>
    public int MaxHeldNotices { get; set; } = 1024;

    /// <summary>Events buffered per subscriber before it counts as a slow consumer and is cut off.</summary>
    public int SubscriberBuffer { get; set; } = 1024;
}
