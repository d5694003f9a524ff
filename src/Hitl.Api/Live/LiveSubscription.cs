using System.Threading.Channels;

namespace Hitl.Api.Live;

/// <summary>One watcher of one topic: a bounded buffer of events, and leaving when disposed.</summary>
public sealed class LiveSubscription<T> : IDisposable
{
    private readonly Channel<T> _channel;
    private readonly Action<LiveSubscription<T>> _leave;
    private int _disposed;

    internal LiveSubscription(int capacity, Action<LiveSubscription<T>> leave)
    {
        _channel = Channel.CreateBounded<T>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _leave = leave;
    }

    /// <summary>The events, in the order the source published them; fails with <see cref="SlowConsumerException"/> when the reader fell behind.</summary>
    public ChannelReader<T> Events => _channel.Reader;

    internal void Deliver(T change)
    {
        if (!_channel.Writer.TryWrite(change))
        {
            _channel.Writer.TryComplete(new SlowConsumerException());
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _channel.Writer.TryComplete();
            _leave(this);
        }
    }
}
