namespace Hitl.Grains.Conversations;

/// <summary>
/// Where the messages of a conversation live. Messages are numbered from 0. The first
/// <c>pages × PageSize</c> live in write-once TranscriptPage grains (page n holds
/// <c>[n·PageSize, (n+1)·PageSize)</c>); the rest, the tail, lives in the conversation's own state.
/// The tail never holds more than <c>PageSize + Keep</c> messages, so the cost of one message does not
/// grow with the conversation; after a flush it keeps at least <see cref="Keep"/>, so the messages of
/// the command that filled the page are still in the tail when watchers are told of them.
/// </summary>
public static class TranscriptLayout
{
    public const int PageSize = 64;

    /// <summary>The newest messages the tail keeps when it moves a page out (more than one command adds).</summary>
    public const int Keep = 16;

    /// <summary>True when the tail holds a full page beyond the <see cref="Keep"/> newest messages: that page moves to a page grain.</summary>
    public static bool ShouldFlush(int tailCount) => tailCount >= PageSize + Keep;

    /// <summary>The page numbers to read, oldest first, to return the last <paramref name="last"/> messages.</summary>
    public static IReadOnlyList<int> PagesFor(long messageCount, int flushedPages, int last)
    {
        var start = Math.Max(0, messageCount - last);
        var tailStart = (long)flushedPages * PageSize;
        if (start >= tailStart)
        {
            return [];
        }

        var firstPage = (int)(start / PageSize);
        return [.. Enumerable.Range(firstPage, flushedPages - firstPage)];
    }

    /// <summary>The page that holds message <paramref name="seq"/>, or null when it is in the tail.</summary>
    public static int? PageOf(long seq, int flushedPages) =>
        seq < (long)flushedPages * PageSize ? (int)(seq / PageSize) : null;
}
