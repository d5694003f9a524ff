namespace Hitl.Bench;

/// <summary>Collected latencies in milliseconds, with nearest-rank percentiles.</summary>
public sealed class Latencies
{
    private readonly List<double> _samples = [];

    public int Count => _samples.Count;

    public void Add(TimeSpan elapsed) => _samples.Add(elapsed.TotalMilliseconds);

    public double Percentile(double p)
    {
        if (_samples.Count == 0)
        {
            return double.NaN;
        }

        var sorted = _samples.Order().ToList();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    public string Describe() => $"n={Count} p50={Percentile(50):F2} ms p99={Percentile(99):F2} ms p99.9={Percentile(99.9):F2} ms max={Percentile(100):F2} ms";
}
