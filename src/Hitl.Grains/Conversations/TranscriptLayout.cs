namespace Hitl.Grains.Conversations;

/// <summary>
/// Where the messages of a conversation live. Messages are numbered from 0. The first
/// <c>pages × PageSize</c> live in write-once TranscriptPage grains (page n holds
/// <c>[n·PageSize, (n+1)·PageSize)</c>); the rest, the tail, lives in the conversation's own state.
/// A flush leaves at least the messages of the command that filled the page (and never fewer than
/// <see cref="Keep"/>), so they are still in the tail when watchers are told of them. The tail is written
/// with every message, so it is kept short: between <see cref="Keep"/> and <c>PageSize + Keep</c> messages
/// once a conversation is longer than a page, and the cost of one message does not grow with the conversation.
/// </summary>
public static class TranscriptLayout
{
    public const int PageSize = 64;

    /// <summary>
    /// The fewest newest messages the tail keeps when it moves a page out: what one customer message adds (the
    /// message and the bot's reply or the handoff notice). A command that adds more passes its count to <see cref="ShouldFlush"/>.
    /// </summary>
    public const int Keep = 2;

    /// <summary>
    /// True when the tail holds a full page beyond its newest messages (the <paramref name="newest"/> the current
    /// command added, and at least <see cref="Keep"/>): that page moves to a page grain.
    /// </summary>
    public static bool ShouldFlush(int tailCount, int newest = Keep) => tailCount >= PageSize + Math.Max(Keep, newest);

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
