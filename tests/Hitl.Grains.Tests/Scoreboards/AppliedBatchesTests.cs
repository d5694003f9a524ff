using Hitl.Grains.Scoreboards;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Hitl.Grains.Tests.Scoreboards;

public sealed class AppliedBatchesTests
{
    private static readonly Serializer Serializer = new ServiceCollection()
        .AddSerializer(s => s.AddAssembly(typeof(AppliedBatches).Assembly))
        .BuildServiceProvider()
        .GetRequiredService<Serializer>();

    [Fact]
    public void ABatchId_IsAddedOnce()
    {
        var applied = new AppliedBatches();
        Assert.True(applied.Add("b-1"));
        Assert.False(applied.Add("b-1"));
        Assert.True(applied.Contains("b-1"));
        Assert.False(applied.Contains("b-2"));
        Assert.Equal(1, applied.Count);
    }

    [Fact]
    public void OldIds_AreForgottenInBulk_AndTheNewestAreAlwaysKept()
    {
        var applied = new AppliedBatches();
        var total = (5 * AppliedBatches.Capacity) + 7;
        for (var i = 0; i < total; i++)
        {
            Assert.True(applied.Add($"b-{i}"));
            Assert.InRange(applied.Count, 1, (2 * AppliedBatches.Capacity) - 1);
        }

        for (var i = total - AppliedBatches.Capacity; i < total; i++)
        {
            Assert.True(applied.Contains($"b-{i}"), $"b-{i} is among the newest and must be remembered");
        }

        Assert.False(applied.Contains("b-0"));
        Assert.True(applied.Add("b-0"));
    }

    [Fact]
    public void TheIds_AreStoredWithTheBoard()
    {
        var state = new ScoreboardState();
        state.Applied.Add("b-1");
        state.Applied.Add("b-2");

        var copy = Serializer.Deserialize<ScoreboardState>(Serializer.SerializeToArray(state))!;
        Assert.True(copy.Applied.Contains("b-1"));
        Assert.True(copy.Applied.Contains("b-2"));
        Assert.False(copy.Applied.Add("b-2"));
        Assert.Equal(2, copy.Applied.Count);
    }
}
