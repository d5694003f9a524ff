using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Hitl.Api.Live;

/// <summary>Builds subscription streams: the current state first, then the changes after it.</summary>
public static class LiveStreams
{
    /// <summary>
    /// Joins the topic before reading the current state, so no change falls between the two; then
    /// yields <paramref name="snapshot"/>'s events and every later change whose version is newer.
    /// </summary>
    public static IObservable<object> Of<T>(
        Func<Task<LiveSubscription<T>>> join,
        Func<Task<(long Version, IReadOnlyList<T> Events)>> snapshot,
        Func<T, long> versionOf,
        Func<T, CancellationToken, ValueTask<object?>>? project = null,
        Action? onSlow = null)
        where T : class =>
        new AsyncEnumerableObservable<object>(cancellationToken => ReadAsync(join, snapshot, versionOf, project, onSlow, cancellationToken));

    /// <summary>
    /// Returned by a projection: <see cref="Value"/> is the stream's last event; the stream completes
    /// after it (a subscriber that lost the right to watch, say).
    /// </summary>
    public sealed record Last(object Value);

    /// <summary>Merges several streams (one per queue, say) into one.</summary>
    public static IObservable<object> Merge(IReadOnlyList<IObservable<object>> streams) => new MergedObservable(streams);

    private static async IAsyncEnumerable<object> ReadAsync<T>(
        Func<Task<LiveSubscription<T>>> join,
        Func<Task<(long Version, IReadOnlyList<T> Events)>> snapshot,
        Func<T, long> versionOf,
        Func<T, CancellationToken, ValueTask<object?>>? project,
        Action? onSlow,
        [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class
    {
        using var subscription = await join();
        var (seen, events) = await snapshot();
        foreach (var change in events)
        {
            var value = await Project(change);
            if (value is Last last)
            {
                yield return last.Value;
                yield break;
            }

            if (value is not null)
            {
                yield return value;
            }
        }

        while (await NextAsync(subscription.Events, onSlow, cancellationToken) is { } change)
        {
            // Already part of the state the subscriber got first.
            if (versionOf(change) <= seen)
            {
                continue;
            }

            var value = await Project(change);
            if (value is Last last)
            {
                yield return last.Value;
                yield break;
            }

            if (value is not null)
            {
                yield return value;
            }
        }

        ValueTask<object?> Project(T change) => project is null ? ValueTask.FromResult<object?>(change) : project(change, cancellationToken);
    }

    /// <summary>The next event, or null when the stream ended; a subscriber that fell behind is reported before the error ends the stream.</summary>
    private static async ValueTask<T?> NextAsync<T>(ChannelReader<T> reader, Action? onSlow, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            while (await reader.WaitToReadAsync(cancellationToken))
            {
                if (reader.TryRead(out var change))
                {
                    return change;
                }
            }

            return null;
        }
        catch (SlowConsumerException)
        {
            onSlow?.Invoke();
            throw;
        }
    }

    private sealed class MergedObservable(IReadOnlyList<IObservable<object>> streams) : IObservable<object>
    {
        public IDisposable Subscribe(IObserver<object> observer)
        {
            var gate = new Lock();
            var remaining = streams.Count;
            var forward = new Forwarder(observer, gate, () => Interlocked.Decrement(ref remaining) == 0);
            var subscriptions = streams.Select(s => s.Subscribe(forward)).ToList();
            if (streams.Count == 0)
            {
                observer.OnCompleted();
            }

            return new Many(subscriptions);
        }

        private sealed class Forwarder(IObserver<object> observer, Lock gate, Func<bool> last) : IObserver<object>
        {
            public void OnCompleted()
            {
                if (last())
                {
                    lock (gate)
                    {
                        observer.OnCompleted();
                    }
                }
            }

            public void OnError(Exception error)
            {
                lock (gate)
                {
                    observer.OnError(error);
                }
            }

            public void OnNext(object value)
            {
                lock (gate)
                {
                    observer.OnNext(value);
                }
            }
        }

        private sealed class Many(List<IDisposable> subscriptions) : IDisposable
        {
            public void Dispose()
            {
                foreach (var subscription in subscriptions)
                {
                    subscription.Dispose();
                }
            }
        }
    }
}
