using Hitl.Grains.Escalation;
using Hitl.Grains.Scoreboards;

namespace Hitl.Grains.Tests.Scoreboards;

public sealed class ScoreboardBucketsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 30, 20, TimeSpan.Zero);

    private static ScoreboardDelta Started(DateTimeOffset at) => ScoreboardDelta.Between(null, new ConversationBuilder(at).Contribution)!;

    private static ScoreboardDelta Escalated(DateTimeOffset at) => new(
        at, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        new Dictionary<EscalationReason, long>
        {
            [EscalationReason.Manual] = 1,
        },
        [30.0]);

    private static long StartedIn(ScoreboardBuckets b, ScoreWindow w, DateTimeOffset now) => b.Sum(w, now).Counts.Started;

    [Fact]
    public void Windows_IncludeConversationsStartedInThem()
    {
        var b = new ScoreboardBuckets();
        b.Apply(Started(Now.AddMinutes(-5)), Now);
        b.Apply(Started(Now.AddMinutes(-90)), Now);
        b.Apply(Started(Now.AddDays(-2)), Now);
        b.Apply(Started(Now.AddDays(-30)), Now);

        Assert.Equal(1, StartedIn(b, ScoreWindow.Hour, Now));
        Assert.Equal(2, StartedIn(b, ScoreWindow.Day, Now));
        Assert.Equal(3, StartedIn(b, ScoreWindow.Week, Now));
        Assert.Equal(4, StartedIn(b, ScoreWindow.All, Now));
    }

    [Fact]
    public void Ninety_MinutesAgo_IsInDayButNotHour_TwoDaysAgo_OnlyInWeekAndAll()
    {
        var ninety = new ScoreboardBuckets();
        ninety.Apply(Started(Now.AddMinutes(-90)), Now);
        Assert.Equal((0, 1, 1, 1), (StartedIn(ninety, ScoreWindow.Hour, Now), StartedIn(ninety, ScoreWindow.Day, Now), StartedIn(ninety, ScoreWindow.Week, Now), StartedIn(ninety, ScoreWindow.All, Now)));

        var twoDays = new ScoreboardBuckets();
        twoDays.Apply(Started(Now.AddDays(-2)), Now);
        Assert.Equal((0, 0, 1, 1), (StartedIn(twoDays, ScoreWindow.Hour, Now), StartedIn(twoDays, ScoreWindow.Day, Now), StartedIn(twoDays, ScoreWindow.Week, Now), StartedIn(twoDays, ScoreWindow.All, Now)));
    }

    [Fact]
    public void Windows_StartOnWholeMinutesAndHours()
    {
        var b = new ScoreboardBuckets();
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 9, 31, 0, TimeSpan.Zero), b.Sum(ScoreWindow.Hour, Now).From);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 11, 0, 0, TimeSpan.Zero), b.Sum(ScoreWindow.Day, Now).From);
        Assert.Equal(new DateTimeOffset(2026, 11, 16, 11, 0, 0, TimeSpan.Zero), b.Sum(ScoreWindow.Week, Now).From);
        Assert.Equal(Now, b.Sum(ScoreWindow.All, Now).From);

        // Edges: the first minute of the HOUR window is in, the minute before is out.
        b.Apply(Started(new DateTimeOffset(2026, 11, 23, 9, 31, 0, TimeSpan.Zero)), Now);
        b.Apply(Started(new DateTimeOffset(2026, 11, 23, 9, 30, 59, TimeSpan.Zero)), Now);
        Assert.Equal(1, StartedIn(b, ScoreWindow.Hour, Now));
        Assert.Equal(2, StartedIn(b, ScoreWindow.Day, Now));
    }

    [Fact]
    public void All_StartsAtTheEarliestStart_InUtc()
    {
        var b = new ScoreboardBuckets();
        var earliest = new DateTimeOffset(2026, 1, 2, 5, 0, 0, TimeSpan.FromHours(2));
        b.Apply(Started(Now.AddDays(-3)), Now);
        b.Apply(Started(earliest), Now);
        b.Apply(Started(Now), Now);

        var (from, counts) = b.Sum(ScoreWindow.All, Now);
        Assert.Equal(earliest, from);
        Assert.Equal(TimeSpan.Zero, from.Offset);
        Assert.Equal(3, counts.Started);
    }

    [Fact]
    public void NonUtcOffsets_LandInTheSameBucketsAsUtc()
    {
        var b = new ScoreboardBuckets();
        b.Apply(Started(Now.AddMinutes(-10).ToOffset(TimeSpan.FromHours(-5))), Now.ToOffset(TimeSpan.FromHours(9)));
        Assert.Equal(1, StartedIn(b, ScoreWindow.Hour, Now));
        Assert.Equal(1, StartedIn(b, ScoreWindow.Day, Now.ToOffset(TimeSpan.FromHours(3))));
    }

    [Fact]
    public void DeltasForAnOldConversation_StillLandInItsHourBucketAndTheTotal()
    {
        var startedAt = Now.AddHours(-5);
        var b = new ScoreboardBuckets();
        b.Apply(Started(startedAt), startedAt);
        Assert.Equal(1, StartedIn(b, ScoreWindow.Hour, startedAt));

        b.Apply(Escalated(startedAt), Now);

        foreach (var window in new[] { ScoreWindow.Day, ScoreWindow.Week, ScoreWindow.All })
        {
            var counts = b.Sum(window, Now).Counts;
            Assert.Equal((1, 1), (counts.Started, counts.Escalated));
            Assert.Equal(1, counts.Reasons[EscalationReason.Manual]);
            Assert.Equal(1, counts.FirstResponses.Count);
        }

        Assert.Equal(0, b.Sum(ScoreWindow.Hour, Now).Counts.Escalated);
        Assert.Equal(0, b.MinuteBucketCount);

        // Older than the hour buckets keep: only the total changes.
        var ancient = Now.AddDays(-20);
        b.Apply(Escalated(ancient), Now);
        Assert.Equal(1, b.Sum(ScoreWindow.Week, Now).Counts.Escalated);
        Assert.Equal(2, b.Sum(ScoreWindow.All, Now).Counts.Escalated);
        Assert.Equal(ancient, b.Sum(ScoreWindow.All, Now).From);
    }

    [Fact]
    public void ExpiredBuckets_ArePruned_SoMemoryIsBounded()
    {
        var b = new ScoreboardBuckets();
        var now = Now;
        for (var i = 0; i < 20 * 24 * 60; i += 7)
        {
            now = Now.AddMinutes(i);
            b.Apply(Started(now), now);
        }

        Assert.InRange(b.MinuteBucketCount, 1, 121);
        Assert.InRange(b.HourBucketCount, 1, 193);
        Assert.Equal((20 * 24 * 60 + 6) / 7, b.Sum(ScoreWindow.All, now).Counts.Started);
        Assert.InRange(StartedIn(b, ScoreWindow.Week, now), 1, 168 * 60 / 7 + 1);
    }

    [Fact]
    public void Sum_ReturnsACopy()
    {
        var b = new ScoreboardBuckets();
        b.Apply(Started(Now), Now);
        b.Sum(ScoreWindow.All, Now).Counts.Started += 10;
        b.Sum(ScoreWindow.Hour, Now).Counts.Started += 10;
        Assert.Equal(1, StartedIn(b, ScoreWindow.All, Now));
        Assert.Equal(1, StartedIn(b, ScoreWindow.Hour, Now));
    }
}
