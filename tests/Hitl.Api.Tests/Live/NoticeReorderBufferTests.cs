using Hitl.Api.Live;
using Hitl.Grains.Live;

namespace Hitl.Api.Tests.Live;

/// <summary>The live hub's per-grain ordering on its own: no cluster, no timers; each change is its notice's version.</summary>
public sealed class NoticeReorderBufferTests
{
    private readonly List<long> _published = [];

    [Fact]
    public void Receive_BeforeTheFirstCatchUp_HoldsTheNoticeUntilTheCatchUpTellsWhereWatchersAre()
    {
        var buffer = Buffer();

        Assert.Equal(ReorderOutcome.GapOpened, buffer.Receive(Notice(0, 1)));
        Assert.Empty(_published);

        buffer.CatchUp(0, []);
        Assert.Equal([1], _published);
        Assert.Equal(1, buffer.Delivered);
    }

    [Fact]
    public void Receive_InOrder_DeliversEachNoticeAtOnce()
    {
        var buffer = Started();

        Assert.Equal(ReorderOutcome.InOrder, buffer.Receive(Notice(0, 1)));
        Assert.Equal(ReorderOutcome.InOrder, buffer.Receive(Notice(1, 2)));
        Assert.Equal(ReorderOutcome.InOrder, buffer.Receive(Notice(2, 5)));

        Assert.Equal([1, 2, 5], _published);
        Assert.Equal(5, buffer.Delivered);
        Assert.Equal(0, buffer.Held);
    }

    [Fact]
    public void Receive_OutOfOrder_HoldsTheLaterNoticeUntilItsPredecessorCame()
    {
        var buffer = Started();

        Assert.Equal(ReorderOutcome.GapOpened, buffer.Receive(Notice(2, 3)));
        Assert.Equal(ReorderOutcome.InOrder, buffer.Receive(Notice(1, 2)));
        Assert.Empty(_published);
        Assert.Equal(2, buffer.Held);

        Assert.Equal(ReorderOutcome.InOrder, buffer.Receive(Notice(0, 1)));
        Assert.Equal([1, 2, 3], _published);
        Assert.Equal(0, buffer.Held);
    }

    [Fact]
    public void Receive_ASecondHeldNotice_DoesNotOpenASecondGap()
    {
        var buffer = Started();

        Assert.Equal(ReorderOutcome.GapOpened, buffer.Receive(Notice(1, 2)));
        Assert.Equal(ReorderOutcome.InOrder, buffer.Receive(Notice(2, 3)));

        // Once the gap is skipped, a new one is reported again.
        buffer.SkipGap();
        Assert.Equal(ReorderOutcome.GapOpened, buffer.Receive(Notice(4, 5)));
    }

    [Fact]
    public void Receive_RepeatsAndOlderNotices_AreDropped()
    {
        var buffer = Started();
        buffer.Receive(Notice(0, 1));
        buffer.Receive(Notice(1, 2));

        Assert.Equal(ReorderOutcome.InOrder, buffer.Receive(Notice(1, 2)));
        Assert.Equal(ReorderOutcome.InOrder, buffer.Receive(Notice(0, 1)));

        // A repeat of a held notice is held once.
        buffer.Receive(Notice(3, 4));
        buffer.Receive(Notice(3, 4));
        Assert.Equal(1, buffer.Held);
        buffer.Receive(Notice(2, 3));

        Assert.Equal([1, 2, 3, 4], _published);
    }

    [Fact]
    public void CatchUp_ThatCoversAGap_PublishesTheCatchUpAndLetsTheHeldNoticesFromItsVersionOnThrough()
    {
        var buffer = Started();
        Assert.Equal(ReorderOutcome.GapOpened, buffer.Receive(Notice(1, 2)));
        Assert.Equal(ReorderOutcome.InOrder, buffer.Receive(Notice(2, 3)));

        // The renewal finds version 2 (notice 1 was lost): a snapshot at 2, then the held notices 2 (a renewal can read
        // a version before its notice arrives: the notice still tells what changed) and 3.
        buffer.CatchUp(2, [200]);

        Assert.Equal([200, 2, 3], _published);
        Assert.Equal(3, buffer.Delivered);
        Assert.Equal(0, buffer.Held);
    }

    [Fact]
    public void CatchUp_ThatFindsNothingNewer_PublishesNothing()
    {
        var buffer = Started();
        buffer.Receive(Notice(0, 1));

        buffer.CatchUp(1, [100]);
        buffer.CatchUp(0, [0]);

        Assert.Equal([1], _published);
    }

    [Fact]
    public void Receive_TheNoticeOfTheVersionACatchUpReported_StillReachesWatchersOnce()
    {
        var buffer = Started();
        buffer.CatchUp(1, [100]);

        buffer.Receive(Notice(0, 1));
        buffer.Receive(Notice(0, 1));

        Assert.Equal([100, 1], _published);
    }

    [Fact]
    public void SkipGap_DeliversHeldNoticesInOrder_AndLaterOlderOnesAreDropped()
    {
        var buffer = Started();
        buffer.Receive(Notice(4, 5));
        buffer.Receive(Notice(2, 3));

        buffer.SkipGap();
        Assert.Equal([3, 5], _published);
        Assert.Equal(5, buffer.Delivered);

        // Versions never go back.
        Assert.Equal(ReorderOutcome.InOrder, buffer.Receive(Notice(3, 4)));
        Assert.Equal(ReorderOutcome.InOrder, buffer.Receive(Notice(5, 6)));
        Assert.Equal([3, 5, 6], _published);
    }

    [Fact]
    public void Receive_MoreNoticesThanTheCapacityBehindAGap_DropsThemAndAsksForACatchUpNow()
    {
        var buffer = Started(capacity: 4);
        for (var version = 2; version <= 5; version++)
        {
            buffer.Receive(Notice(version - 1, version));
        }

        Assert.Equal(4, buffer.Held);
        Assert.Equal(ReorderOutcome.Overflowed, buffer.Receive(Notice(5, 6)));
        Assert.Equal(0, buffer.Held);
        Assert.Empty(_published);

        // The catch-up tells the current state; notices it covers stay dropped, later ones flow.
        buffer.CatchUp(6, [600]);
        buffer.Receive(Notice(4, 5));
        buffer.Receive(Notice(6, 7));
        Assert.Equal([600, 7], _published);
    }

    [Fact]
    public void Receive_ManyNoticesAfterAGapThatNeverCloses_NeverHoldsMoreThanTheCapacity()
    {
        var buffer = Started(capacity: 16);
        var overflows = 0;
        for (var version = 2; version < 10_000; version++)
        {
            if (buffer.Receive(Notice(version - 1, version)) == ReorderOutcome.Overflowed)
            {
                overflows++;
            }

            Assert.InRange(buffer.Held, 0, 16);
        }

        Assert.Equal(9_998 / 17, overflows);
        Assert.Empty(_published);
    }

    private NoticeReorderBuffer<long> Started(int capacity = 1024)
    {
        var buffer = Buffer(capacity);
        buffer.CatchUp(0, []);
        return buffer;
    }

    private NoticeReorderBuffer<long> Buffer(int capacity = 1024) => new(capacity, _published.Add);

    private static LiveNotice<long> Notice(long previous, long version) => new(previous, version, [version]);
}
