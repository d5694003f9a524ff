using Hitl.Grains.Scoreboards;
using Hitl.Grains.Tests.Scoreboards;

namespace Hitl.Grains.Tests.Grains;

/// <summary>A pre-aggregator sends a batch again when its apply call failed or timed out: the board counts it once.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ScoreboardIdempotencyTests(ClusterFixture fixture)
{
    [Fact]
    public async Task TheSameBatchAppliedTwice_CountsOnce_AlsoAfterTheBoardReloads()
    {
        var board = fixture.Grains.GetGrain<IScoreboardGrain>("t" + Guid.NewGuid().ToString("N")[..10]);
        var batch = new ScoreboardBatch("b-1", [Started()], [new Gauge("support", 2, 1)], []);

        await board.ApplyAsync(batch);
        await board.ApplyAsync(batch);
        var view = await board.GetAsync(ScoreWindow.All);
        Assert.Equal(1, view.ConversationsStarted);
        Assert.Equal(2, view.Waiting);
        Assert.Equal(1, view.Version);

        // A retry after the board restarted is recognised from storage.
        await fixture.Cluster.DeactivateAsync(board);
        await board.ApplyAsync(batch);
        view = await board.GetAsync(ScoreWindow.All);
        Assert.Equal(1, view.ConversationsStarted);
        Assert.Equal(1, view.Version);

        await board.ApplyAsync(new ScoreboardBatch("b-2", [Started()], [], []));
        view = await board.GetAsync(ScoreWindow.All);
        Assert.Equal(2, view.ConversationsStarted);
        Assert.Equal(2, view.Version);
    }

    private ScoreboardDelta Started() => ScoreboardDelta.Between(null, new ConversationBuilder(fixture.Time.GetUtcNow()).Contribution)!;
}
