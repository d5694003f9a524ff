using Hitl.Grains.Conversations;

namespace Hitl.Grains.Tests.Domain;

public sealed class TranscriptLayoutTests
{
    private const int P = TranscriptLayout.PageSize;

    [Fact]
    public void ShouldFlush_OnlyWhenAFullPageIsInTheTailBeyondTheNewestKept()
    {
        Assert.False(TranscriptLayout.ShouldFlush(P + TranscriptLayout.Keep - 1));
        Assert.True(TranscriptLayout.ShouldFlush(P + TranscriptLayout.Keep));
    }

    [Fact]
    public void ShouldFlush_KeepsEveryMessageOfTheCommand_WhenItAddedMoreThanKeep()
    {
        var newest = TranscriptLayout.Keep + 3;
        Assert.False(TranscriptLayout.ShouldFlush(P + newest - 1, newest));
        Assert.True(TranscriptLayout.ShouldFlush(P + newest, newest));
        Assert.True(TranscriptLayout.ShouldFlush(P + TranscriptLayout.Keep, newest: 1));
    }

    [Fact]
    public void PagesFor_TailOnly_WhenTheTailCoversTheRequest()
    {
        // 3 flushed pages, tail of 70 messages.
        var count = (3 * P) + 70;
        Assert.Empty(TranscriptLayout.PagesFor(count, 3, 70));
        Assert.Empty(TranscriptLayout.PagesFor(count, 3, 10));
    }

    [Fact]
    public void PagesFor_ReachesBackIntoThePagesNeeded()
    {
        var count = (3 * P) + 10;
        Assert.Equal([2], TranscriptLayout.PagesFor(count, 3, 11));
        Assert.Equal([2], TranscriptLayout.PagesFor(count, 3, P + 10));
        Assert.Equal([1, 2], TranscriptLayout.PagesFor(count, 3, P + 11));
        Assert.Equal([0, 1, 2], TranscriptLayout.PagesFor(count, 3, 10_000));
    }

    [Fact]
    public void PageOf_FindsThePageOrTheTail()
    {
        Assert.Equal(0, TranscriptLayout.PageOf(0, 2));
        Assert.Equal(1, TranscriptLayout.PageOf((2 * P) - 1, 2));
        Assert.Null(TranscriptLayout.PageOf(2 * P, 2));
        Assert.Null(TranscriptLayout.PageOf(5, 0));
    }
}
