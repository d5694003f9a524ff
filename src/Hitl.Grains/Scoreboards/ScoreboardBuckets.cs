namespace Hitl.Grains.Scoreboards;

/// <summary>
/// A tenant's scoreboard counters in time buckets keyed by each conversation's start (UTC): minute
/// buckets for the last <see cref="MinuteRetention"/>, hour buckets for the last
/// <see cref="HourRetention"/>, and one all-time total. A change to an old conversation still lands
/// in every bucket that is retained for its start time. Memory is bounded: about 120 minute buckets
/// and 192 hour buckets, each with a bounded histogram.
/// </summary>
[GenerateSerializer, Alias("hitl.ScoreboardBuckets")]
public sealed class ScoreboardBuckets
{
    /// <summary>How long minute buckets are kept (the HOUR window needs 60 minutes).</summary>
    public static readonly TimeSpan MinuteRetention = TimeSpan.FromHours(2);

    /// <summary>How long hour buckets are kept (the WEEK window needs 168 hours).</summary>
    public static readonly TimeSpan HourRetention = TimeSpan.FromDays(8);

    /// <summary>Minute buckets by start minute (UTC ticks).</summary>
    [Id(0)]
    private Dictionary<long, ScoreCounts> Minutes { get; set; } = [];

    /// <summary>Hour buckets by start hour (UTC ticks).</summary>
    [Id(1)]
    private Dictionary<long, ScoreCounts> Hours { get; set; } = [];

    /// <summary>Every conversation ever counted.</summary>
    [Id(2)]
    private ScoreCounts Total { get; set; } = new();

    /// <summary>The earliest conversation start ever seen, UTC; null before the first delta.</summary>
    [Id(3)]
    public DateTimeOffset? EarliestStartedAt { get; private set; }

    /// <summary>Minute buckets held now (bounded by pruning).</summary>
    public int MinuteBucketCount => Minutes.Count;

    /// <summary>Hour buckets held now (bounded by pruning).</summary>
    public int HourBucketCount => Hours.Count;

    /// <summary>
    /// Adds <paramref name="d"/> to the minute bucket of its start (if that is still retained), its
    /// hour bucket (likewise) and the total, then drops buckets that expired by <paramref name="now"/>.
    /// </summary>
    public void Apply(ScoreboardDelta d, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(d);
        var started = d.StartedAt.ToUniversalTime();

        var minute = Floor(started, TimeSpan.FromMinutes(1));
        if (minute >= OldestMinute(now))
        {
            Bucket(Minutes, minute).Apply(d);
        }

        var hour = Floor(started, TimeSpan.FromHours(1));
        if (hour >= OldestHour(now))
        {
            Bucket(Hours, hour).Apply(d);
        }

        Total.Apply(d);
        if (EarliestStartedAt is null || started < EarliestStartedAt)
        {
            EarliestStartedAt = started;
        }

        Prune(now);
    }

    /// <summary>Drops the buckets that expired by <paramref name="now"/>.</summary>
    public void Prune(DateTimeOffset now)
    {
        var oldestMinute = OldestMinute(now).UtcTicks;
        foreach (var key in Minutes.Keys.Where(k => k < oldestMinute).ToArray())
        {
            Minutes.Remove(key);
        }

        var oldestHour = OldestHour(now).UtcTicks;
        foreach (var key in Hours.Keys.Where(k => k < oldestHour).ToArray())
        {
            Hours.Remove(key);
        }
    }

    /// <summary>
    /// The counters of the conversations started in <paramref name="window"/> (a new object; the
    /// buckets are not shared) and the instant the window starts:
    /// HOUR = minute buckets from floor-to-minute(now) − 59 min; DAY = hour buckets from
    /// floor-to-hour(now) − 23 h; WEEK = hour buckets from floor-to-hour(now) − 167 h; ALL = the total,
    /// from the earliest start seen (or now when nothing was counted).
    /// </summary>
    public (DateTimeOffset From, ScoreCounts Counts) Sum(ScoreWindow window, DateTimeOffset now)
    {
        now = now.ToUniversalTime();
        var thisMinute = Floor(now, TimeSpan.FromMinutes(1));
        var thisHour = Floor(now, TimeSpan.FromHours(1));
        return window switch
        {
            ScoreWindow.Hour => SumFrom(Minutes, thisMinute.AddMinutes(-59)),
            ScoreWindow.Day => SumFrom(Hours, thisHour.AddHours(-23)),
            ScoreWindow.Week => SumFrom(Hours, thisHour.AddHours(-167)),
            ScoreWindow.All => (EarliestStartedAt ?? now, Copy(Total)),
            _ => throw new ArgumentOutOfRangeException(nameof(window), window, "Unknown score window."),
        };
    }

    private static ScoreCounts Copy(ScoreCounts counts)
    {
        var copy = new ScoreCounts();
        copy.Merge(counts);
        return copy;
    }

    private static (DateTimeOffset From, ScoreCounts Counts) SumFrom(Dictionary<long, ScoreCounts> buckets, DateTimeOffset from)
    {
        var counts = new ScoreCounts();
        foreach (var (start, bucket) in buckets)
        {
            if (start >= from.UtcTicks)
            {
                counts.Merge(bucket);
            }
        }

        return (from, counts);
    }

    private static ScoreCounts Bucket(Dictionary<long, ScoreCounts> buckets, DateTimeOffset start)
    {
        if (!buckets.TryGetValue(start.UtcTicks, out var bucket))
        {
            bucket = new ScoreCounts();
            buckets[start.UtcTicks] = bucket;
        }

        return bucket;
    }

    private static DateTimeOffset OldestMinute(DateTimeOffset now) =>
        Floor(now.ToUniversalTime(), TimeSpan.FromMinutes(1)) - MinuteRetention;

    private static DateTimeOffset OldestHour(DateTimeOffset now) =>
        Floor(now.ToUniversalTime(), TimeSpan.FromHours(1)) - HourRetention;

    private static DateTimeOffset Floor(DateTimeOffset at, TimeSpan unit) =>
        new(at.UtcTicks - (at.UtcTicks % unit.Ticks), TimeSpan.Zero);
}
