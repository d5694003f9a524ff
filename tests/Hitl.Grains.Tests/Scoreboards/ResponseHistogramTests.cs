using Hitl.Grains.Scoreboards;

namespace Hitl.Grains.Tests.Scoreboards;

public sealed class ResponseHistogramTests
{
    private static ResponseHistogram Of(params double[] samples)
    {
        var h = new ResponseHistogram();
        foreach (var s in samples)
        {
            h.Add(s);
        }

        return h;
    }

    [Fact]
    public void Empty_HasNoPercentiles()
    {
        var h = new ResponseHistogram();
        Assert.Equal(0, h.Count);
        Assert.Null(h.Percentile(50));
        Assert.Null(h.Percentile(90));
    }

    [Fact]
    public void WholeSecondsBelow600_AreExact()
    {
        Assert.Equal(12.0, Of(12.0).Percentile(50));
        for (var s = 0; s < 600; s++)
        {
            Assert.Equal(s, Of(s).Percentile(50));
        }
    }

    [Fact]
    public void FractionalSecondsBelow600_AreFloored_NegativeClampToZero()
    {
        Assert.Equal(12.0, Of(12.7).Percentile(50));
        Assert.Equal(599.0, Of(599.999).Percentile(50));
        Assert.Equal(0.0, Of(-30).Percentile(50));
        Assert.Equal(0.0, Of(double.NaN).Percentile(50));
    }

    [Fact]
    public void Percentile_IsNearestRank()
    {
        // 1..10: p50 → rank 5 → 5; p90 → rank 9 → 9; p91 → rank 10 → 10; p0 → smallest; p100 → largest.
        var h = Of(7, 3, 10, 1, 5, 2, 9, 4, 8, 6);
        Assert.Equal(5.0, h.Percentile(50));
        Assert.Equal(9.0, h.Percentile(90));
        Assert.Equal(10.0, h.Percentile(91));
        Assert.Equal(1.0, h.Percentile(0));
        Assert.Equal(10.0, h.Percentile(100));

        Assert.Equal(30.0, Of(30).Percentile(90));
        Assert.Equal(10.0, Of(10, 20).Percentile(50));
        Assert.Equal(20.0, Of(10, 20).Percentile(51));
        Assert.Equal(2.0, Of(1, 2, 2, 2, 100).Percentile(50));
    }

    [Fact]
    public void FromSixHundredSecondsToThirtyDays_ReadsAtMostTwoPercentLow()
    {
        for (var v = 600.0; v <= 30 * 24 * 3600; v *= 1.0037)
        {
            var read = Of(v).Percentile(50)!.Value;
            Assert.True(read <= v, $"{v} read as {read}");
            Assert.True((v - read) / v <= 0.02, $"{v} read as {read}");
        }

        Assert.Equal(600.0, Of(600).Percentile(50));
        Assert.Equal(30 * 24 * 3600.0, Of(30 * 24 * 3600.0).Percentile(50)!.Value, 0.02 * 30 * 24 * 3600);
    }

    [Fact]
    public void BinBoundaries_AreConsistent()
    {
        for (var bin = ResponseHistogram.ExactLimitSeconds; bin < ResponseHistogram.ExactLimitSeconds + 400; bin++)
        {
            var lower = ResponseHistogram.LowerBound(bin);
            Assert.Equal(bin, ResponseHistogram.BinOf(lower));
            Assert.Equal(bin, ResponseHistogram.BinOf(Math.BitDecrement(ResponseHistogram.LowerBound(bin + 1))));
        }
    }

    [Fact]
    public void Memory_IsBounded_WhateverTheSamples()
    {
        var h = new ResponseHistogram();
        var random = new Random(42);
        for (var i = 0; i < 200_000; i++)
        {
            h.Add(random.NextDouble() * 60 * 24 * 3600);
        }

        h.Add(double.MaxValue);
        h.Add(double.PositiveInfinity);
        Assert.Equal(200_002, h.Count);
        Assert.InRange(h.BinCount, 1, 1024);
        Assert.True(h.Percentile(100) >= 30 * 24 * 3600 * 0.98);
    }

    [Fact]
    public void Merge_EqualsAddingEverySample()
    {
        var a = Of(1, 5, 700, 9000);
        var b = Of(5, 5, 42, 100_000);
        a.Merge(b);
        var all = Of(1, 5, 700, 9000, 5, 5, 42, 100_000);

        Assert.Equal(all.Count, a.Count);
        foreach (var p in new[] { 0.0, 10, 25, 50, 60, 75, 90, 99, 100 })
        {
            Assert.Equal(all.Percentile(p), a.Percentile(p));
        }

        Assert.Equal(4, b.Count);
    }

    [Fact]
    public void LargeSampleSets_GiveTheRightPercentiles()
    {
        var h = new ResponseHistogram();
        for (var s = 1; s <= 1000; s++)
        {
            h.Add(s);
        }

        Assert.Equal(500.0, h.Percentile(50));
        var p90 = h.Percentile(90)!.Value;
        Assert.InRange(p90, 900 * 0.98, 900);
    }
}
