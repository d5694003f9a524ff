using Hitl.Grains.Live;

namespace Hitl.Api.Live;

/// <summary>
/// Puts one source's notices back in order (Orleans does not keep one-way calls in order) and hands their changes to
/// <c>publish</c>, so watchers never see a version go back. A notice whose predecessor has not been delivered is
/// held; a notice older than what watchers have, or a repeat of one delivered, is dropped. Whoever owns the buffer
/// closes a gap: after a while it renews the subscription (a <see cref="CatchUp"/> that covers the missing change)
/// and calls <see cref="SkipGap"/>. At most <c>capacity</c> notices are held: one more drops them all and asks for a
/// catch-up at once (<see cref="ReorderOutcome.Overflowed"/>), since the grain's current state covers them.
/// </summary>
/// <typeparam name="T">The change type.</typeparam>
internal sealed class NoticeReorderBuffer<T>(int capacity, Action<T> publish)
{
    private readonly Lock _gate = new();
    private readonly SortedList<long, LiveNotice<T>> _held = [];

    // The newest version watchers have (from a notice or a catch-up); the newest a catch-up covered; the newest a
    // notice delivered (so a repeat of it is dropped).
    private long _delivered = -1;
    private long _caughtUp = -1;
    private long _noticeDelivered = -1;
    private bool _gapPending;

    /// <summary>The newest version watchers have; -1 until the first <see cref="CatchUp"/>.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>How many notices wait for a predecessor.</summary>
    public int Held
    {
        get
        {
            lock (_gate)
            {
                return _held.Count;
            }
        }
    }

    /// <summary>Delivers <paramref name="notice"/> and whatever held notices it unblocks, or holds it.</summary>
    public ReorderOutcome Receive(LiveNotice<T> notice)
    {
        lock (_gate)
        {
            if (!TryDeliver(notice))
            {
                if (_held.Count >= capacity && !_held.ContainsKey(notice.Version))
                {
                    // Too far behind to wait: the catch-up the owner asks for now tells watchers the current state.
                    _held.Clear();
                    return ReorderOutcome.Overflowed;
                }

                _held.TryAdd(notice.Version, notice);
            }

            Drain();
            if (_held.Count == 0 || _gapPending)
            {
                return ReorderOutcome.InOrder;
            }

            _gapPending = true;
            return ReorderOutcome.GapOpened;
        }
    }

    /// <summary>The source's version is <paramref name="version"/>: watchers that have less get <paramref name="catchUp"/>, and held notices it covers are dropped.</summary>
    public void CatchUp(long version, IReadOnlyList<T> catchUp)
    {
        lock (_gate)
        {
            if (version <= _delivered)
            {
                return;
            }

            foreach (var change in catchUp)
            {
                publish(change);
            }

            Interlocked.Exchange(ref _delivered, version);
            _caughtUp = version;
            Drain();
        }
    }

    /// <summary>Lets held notices through, in order, even though one before them never came.</summary>
    public void SkipGap()
    {
        lock (_gate)
        {
            _gapPending = false;
            foreach (var notice in _held.Values.ToList())
            {
                if (!IsStale(notice))
                {
                    Deliver(notice);
                }
            }

            _held.Clear();
        }
    }

    /// <summary>
    /// Older than what watchers have, or a repeat of a delivered notice. A notice of the very version a catch-up
    /// reported is not stale: a renewal can read a version while its change is being written, before its notice.
    /// </summary>
    private bool IsStale(LiveNotice<T> notice) =>
        notice.Version < _caughtUp || notice.Version < _delivered || notice.Version <= _noticeDelivered;

    /// <summary>Delivers the notice if its predecessor was delivered, or drops it if stale; false: hold it.</summary>
    private bool TryDeliver(LiveNotice<T> notice)
    {
        if (IsStale(notice))
        {
            return true;
        }

        if (_delivered < 0 || notice.Previous > _delivered)
        {
            return false;
        }

        Deliver(notice);
        return true;
    }

    private void Drain()
    {
        bool progressed;
        do
        {
            progressed = false;
            foreach (var notice in _held.Values.ToList())
            {
                if (TryDeliver(notice))
                {
                    _held.Remove(notice.Version);
                    progressed = true;
                }
            }
        }
        while (progressed && _held.Count > 0);
    }

    private void Deliver(LiveNotice<T> notice)
    {
        foreach (var change in notice.Changes)
        {
            publish(change);
        }

        _noticeDelivered = Math.Max(_noticeDelivered, notice.Version);
        if (notice.Version > _delivered)
        {
            Interlocked.Exchange(ref _delivered, notice.Version);
        }
    }
}
