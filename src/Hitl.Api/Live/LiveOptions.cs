namespace Hitl.Api.Live;

/// <summary>Live updates (configuration section <c>Hitl:Live</c>).</summary>
public sealed class LiveOptions
{
    public const string Section = "Hitl:Live";

    /// <summary>How often the hub renews every grain subscription: the longest a restarted silo or a reactivated grain leaves watchers silent.</summary>
    public TimeSpan ResubscribeInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Events buffered per subscriber before it counts as a slow consumer and is cut off.</summary>
    public int SubscriberBuffer { get; set; } = 1024;
}
