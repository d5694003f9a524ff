namespace Hitl.Grains.Common;

/// <summary>
/// The state writes of a reentrant grain, one at a time and in order: interleaved turns must not write at once,
/// because each write carries the ETag the one before it returned. A write requested while another is running
/// waits for it, and every write requested meanwhile shares the next storage write (it starts after all of them
/// made their change, so it holds every one; each caller is acknowledged only after a write that includes its
/// change).
/// <para>
/// A failed write fails its callers and every caller queued behind it (their changes sit on top of one that was
/// never stored) with <see cref="HitlErrorCodes.Unavailable"/>; the writer then refuses every further write, and
/// <see cref="Failed"/> tells the grain to serve nothing more from its in-memory state. The failure callback drops
/// the activation (<see cref="StateWrites.Reset"/>), so the next activation starts from what storage holds.
/// </para>
/// Not thread-safe: use it from the grain's own turns (one scheduler, one turn at a time).
/// </summary>
/// <param name="write">Writes the grain's whole state as it is when called (e.g. <c>state.WriteStateAsync</c>).</param>
/// <param name="failed">Called once, with the first write's failure.</param>
public sealed class SerializedWriter(Func<Task> write, Action<Exception> failed)
{
    private bool _running;
    private TaskCompletionSource? _current;
    private TaskCompletionSource? _next;

    /// <summary>True once a write failed: the in-memory state may hold changes that were never stored.</summary>
    public bool Failed { get; private set; }

    /// <summary>Throws <see cref="HitlErrorCodes.Unavailable"/> once a write failed; grains call it before serving their state.</summary>
    public void ThrowIfFailed()
    {
        if (Failed)
        {
            throw Unavailable();
        }
    }

    /// <summary>
    /// Stores every change made so far. Completes once a write that includes them is stored; fails with
    /// <see cref="HitlErrorCodes.Unavailable"/> when that write, or one before it, failed.
    /// </summary>
    public Task WriteAsync()
    {
        if (Failed)
        {
            return Task.FromException(Unavailable());
        }

        if (_running)
        {
            _next ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _next.Task;
        }

        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _running = true;
        RunAsync(first).Ignore();
        return first.Task;
    }

    /// <summary>Completes once every write requested so far is stored (at once when none is waiting or running).</summary>
    public Task FlushAsync()
    {
        if (Failed)
        {
            return Task.FromException(Unavailable());
        }

        return _next?.Task ?? _current?.Task ?? Task.CompletedTask;
    }

    private static HitlException Unavailable() => HitlException.Unavailable(StateWrites.Message);

    /// <summary>Runs the first write, then one write for each group of callers that queued while the previous one ran.</summary>
    private async Task RunAsync(TaskCompletionSource current)
    {
        while (true)
        {
            _current = current;
            try
            {
                await write();
            }
            catch (Exception ex)
            {
                Failed = true;
                var behind = _next;
                _next = null;
                _current = null;
                try
                {
                    failed(ex);
                }
                finally
                {
                    current.TrySetException(Unavailable());
                    behind?.TrySetException(Unavailable());
                }

                return;
            }

            current.TrySetResult();
            if (_next is not { } next)
            {
                _current = null;
                _running = false;
                return;
            }

            _next = null;
            current = next;
        }
    }
}
