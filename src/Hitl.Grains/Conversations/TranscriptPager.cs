using Hitl.Grains.Common;

namespace Hitl.Grains.Conversations;

/// <summary>
/// The conversation's transcript across its tail and its write-once page grains (<see cref="TranscriptLayout"/>):
/// moves a full page out of the tail before the state forgets it, and reads messages wherever they live.
/// </summary>
public sealed class TranscriptPager(IGrainFactory grains, ConversationState state, string tenant, string conversationId)
{
    /// <summary>
    /// Moves the oldest full page of the tail to its page grain, keeping the <paramref name="newest"/> messages the
    /// current command added for its watchers; the page is written before the state forgets it.
    /// </summary>
    public async Task FlushFullPageAsync(int newest)
    {
        if (!TranscriptLayout.ShouldFlush(state.Tail.Count, newest))
        {
            return;
        }

        var page = state.Tail.GetRange(0, TranscriptLayout.PageSize);
        await Page(state.FlushedPages).WriteAsync(page);
        state.Tail.RemoveRange(0, TranscriptLayout.PageSize);
        state.FlushedPages++;
    }

    /// <summary>Message number <paramref name="seq"/>, from its page or the tail.</summary>
    public async Task<ChatMessage> MessageAtAsync(long seq)
    {
        if (TranscriptLayout.PageOf(seq, state.FlushedPages) is { } pageNo)
        {
            var page = await Page(pageNo).ReadAsync();
            return page[(int)(seq - ((long)pageNo * TranscriptLayout.PageSize))];
        }

        return state.Tail[(int)(seq - ((long)state.FlushedPages * TranscriptLayout.PageSize))];
    }

    /// <summary>The newest <paramref name="last"/> messages, oldest first.</summary>
    public async Task<IReadOnlyList<ChatMessage>> LastAsync(int last)
    {
        if (last <= 0)
        {
            return [];
        }

        var pages = TranscriptLayout.PagesFor(state.MessageCount, state.FlushedPages, last);
        var tail = state.Tail;
        if (pages.Count == 0)
        {
            return tail.Count <= last ? [.. tail] : tail.GetRange(tail.Count - last, last);
        }

        var loaded = await Task.WhenAll(pages.Select(p => Page(p).ReadAsync()));
        var all = loaded.SelectMany(p => p).Concat(tail).ToList();
        return all.Count <= last ? all : all.GetRange(all.Count - last, last);
    }

    /// <summary>Messages number <paramref name="start"/> (inclusive) to <paramref name="end"/> (exclusive), oldest first, clipped to the transcript.</summary>
    public async Task<IReadOnlyList<ChatMessage>> RangeAsync(long start, long end)
    {
        start = Math.Max(0, start);
        end = Math.Min(end, state.MessageCount);
        if (end <= start)
        {
            return [];
        }

        var tailStart = (long)state.FlushedPages * TranscriptLayout.PageSize;
        var result = new List<ChatMessage>((int)(end - start));
        if (start < tailStart)
        {
            var firstPage = (int)(start / TranscriptLayout.PageSize);
            var lastPage = (int)((Math.Min(end, tailStart) - 1) / TranscriptLayout.PageSize);
            var loaded = await Task.WhenAll(Enumerable.Range(firstPage, lastPage - firstPage + 1).Select(p => Page(p).ReadAsync()));
            result.AddRange(loaded.SelectMany(p => p).Where(m => m.Seq >= start && m.Seq < end));
        }

        result.AddRange(state.Tail.Where(m => m.Seq >= start && m.Seq < end));
        return result;
    }

    private ITranscriptPageGrain Page(int pageNo) =>
        grains.Reference<ITranscriptPageGrain>(GrainKeys.Page(tenant, conversationId, pageNo));
}
