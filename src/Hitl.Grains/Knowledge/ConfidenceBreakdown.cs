namespace Hitl.Grains.Knowledge;

/// <summary>The parts of a calibrated confidence, for logs, tests and tuning.</summary>
/// <param name="Coverage">IDF-weighted share of the question's content the top article covers, in [0,1].</param>
/// <param name="Margin">How far the top article is ahead of the second, 1 - s2/s1, in [0,1].</param>
/// <param name="Confidence">The calibrated confidence, in [0,1].</param>
public sealed record ConfidenceBreakdown(double Coverage, double Margin, double Confidence)
{
    /// <summary>Nothing matched: no coverage, no confidence.</summary>
    public static ConfidenceBreakdown None { get; } = new(0, 0, 0);
}
