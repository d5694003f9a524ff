namespace Hitl.Grains.Escalation.Text;

/// <summary>
/// The conversation's running sentiment: an exponential moving average of its customer messages
/// (each new message weighs <see cref="Alpha"/>), and what counts as a sharp drop against it.
/// </summary>
public static class SentimentTracker
{
    /// <summary>Weight of the newest message in the running sentiment.</summary>
    public const double Alpha = 0.5;

    /// <summary>How far below the running sentiment a message must fall to be a sharp drop.</summary>
    public const double SharpDrop = 0.6;

    /// <summary>A sharp drop must also be negative in itself.</summary>
    public const double NegativeFloor = -0.3;

    public static double Update(double? running, double score) =>
        running is { } r ? ((1 - Alpha) * r) + (Alpha * score) : score;

    /// <summary>True when the message is negative (≤ -0.3) and at least 0.6 below the running sentiment.</summary>
    public static bool IsSharpDrop(double running, double score) =>
        score <= NegativeFloor && running - score >= SharpDrop;
}
