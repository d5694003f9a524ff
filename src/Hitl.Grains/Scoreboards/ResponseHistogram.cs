namespace Hitl.Grains.Scoreboards;

/// <summary>
/// A mergeable histogram of response times in seconds with bounded memory, whatever the number of
/// samples. Bins are sparse (only non-empty bins are stored):
/// <list type="bullet">
/// <item>below <see cref="ExactLimitSeconds"/> (600 s): one bin per whole second, so whole-second
/// samples come back exactly (12.0 s reads 12.0); a fractional sample is floored to its second
/// (12.7 s reads 12.0);</item>
/// <item>from 600 s up to <see cref="MaxSeconds"/> (about 30 days): geometric bins growing by 2 %,
/// reported by their lower bound, so a value reads at most 2 % low;</item>
/// <item>negative (and NaN) samples count as 0 s; samples beyond about 30 days fall in the last bin.</item>
/// </list>
/// At most 1,024 bins exist (600 exact, 424 geometric).
/// </summary>
[GenerateSerializer, Alias("hitl.ResponseHistogram")]
public sealed class ResponseHistogram
{
    /// <summary>Below this, bins are whole seconds and exact.</summary>
    public const int ExactLimitSeconds = 600;

    /// <summary>Each geometric bin's upper bound is its lower bound times this: a reported value is at most 2 % low.</summary>
    public const double Growth = 1.02;

    /// <summary>About 30 days; larger samples share the last bin.</summary>
    public const double MaxSeconds = 30 * 24 * 3600;

    private static readonly int LastBin = ExactLimitSeconds + (int)Math.Ceiling(Math.Log(MaxSeconds / ExactLimitSeconds) / Math.Log(Growth));

    /// <summary>Bin index → number of samples; only non-empty bins.</summary>
    [Id(0)]
    private Dictionary<int, long> Bins { get; set; } = [];

    /// <summary>How many samples were recorded.</summary>
    [Id(1)]
    public long Count { get; private set; }

    /// <summary>How many bins hold samples (never more than 1,024).</summary>
    public int BinCount => Bins.Count;

    /// <summary>Records one sample.</summary>
    public void Add(double seconds)
    {
        var bin = BinOf(seconds);
        Bins[bin] = Bins.GetValueOrDefault(bin) + 1;
        Count++;
    }

    /// <summary>Adds every sample of <paramref name="other"/> to this histogram.</summary>
    public void Merge(ResponseHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var (bin, count) in other.Bins.ToArray())
        {
            Bins[bin] = Bins.GetValueOrDefault(bin) + count;
        }

        Count += other.Count;
    }

    /// <summary>
    /// The nearest-rank percentile: the smallest recorded value v such that at least
    /// <paramref name="p"/> % of the samples are ≤ v (as its bin reports it); null when empty.
    /// <paramref name="p"/> is clamped to [0, 100]; 0 gives the smallest value.
    /// </summary>
    public double? Percentile(double p)
    {
        if (Count <= 0)
        {
            return null;
        }

        var rank = (long)Math.Ceiling(Math.Clamp(p, 0, 100) * Count / 100.0);
        rank = Math.Clamp(rank, 1, Count);

        long seen = 0;
        foreach (var bin in Bins.Keys.Order())
        {
            seen += Bins[bin];
            if (seen >= rank)
            {
                return LowerBound(bin);
            }
        }

        return LowerBound(Bins.Keys.Max());
    }

    /// <summary>The bin a sample falls in: whole seconds below 600 s, then geometric bins.</summary>
    internal static int BinOf(double seconds)
    {
        if (double.IsNaN(seconds) || seconds < 0)
        {
            return 0;
        }

        if (seconds < ExactLimitSeconds)
        {
            return (int)Math.Floor(seconds);
        }

        if (seconds >= LowerBound(LastBin))
        {
            return LastBin;
        }

        var bin = ExactLimitSeconds + (int)Math.Floor(Math.Log(seconds / ExactLimitSeconds) / Math.Log(Growth));
        bin = Math.Clamp(bin, ExactLimitSeconds, LastBin);

        // Guard against rounding in Log: make LowerBound(bin) <= seconds < LowerBound(bin + 1).
        while (bin > ExactLimitSeconds && LowerBound(bin) > seconds)
        {
            bin--;
        }

        while (bin < LastBin && LowerBound(bin + 1) <= seconds)
        {
            bin++;
        }

        return bin;
    }

    /// <summary>The value a bin reports: its second below 600 s, otherwise its lower bound.</summary>
    internal static double LowerBound(int bin) =>
        bin < ExactLimitSeconds ? bin : ExactLimitSeconds * Math.Pow(Growth, bin - ExactLimitSeconds);
}
