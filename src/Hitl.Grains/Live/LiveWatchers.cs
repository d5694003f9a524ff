using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace Hitl.Grains.Live;

/// <summary>
/// The observers watching one grain. Created on the first watch, so the many grains nobody
/// watches carry nothing. A watcher that stops renewing its subscription expires. Remembers the
/// version this activation notified last, which each notice carries as its predecessor.
/// </summary>
public sealed class LiveWatchers(ILogger logger)
{
    /// <summary>How long a subscription lasts without being renewed; watchers renew every few seconds.</summary>
    public static readonly TimeSpan Expiry = TimeSpan.FromSeconds(30);

    private ObserverManager<ILiveObserver>? _observers;
    private long? _notified;

    public int Count => _observers?.Count ?? 0;

    public void Watch(ILiveObserver observer) => (_observers ??= new(Expiry, logger)).Subscribe(observer, observer);

    public void Unwatch(ILiveObserver observer) => _observers?.Unsubscribe(observer);

    /// <summary>
    /// Tells every watcher about one change (one-way: a slow or gone watcher holds nothing up). Call it for every
    /// durable change that has events, watched or not, in the order of the changes.
    /// </summary>
    /// <param name="version">The source's version after the change.</param>
    /// <param name="previous">The source's version before the change; used when this activation has notified nothing yet.</param>
    /// <param name="changes">The change's events, in order.</param>
    /// <param name="send">Sends the notice to one watcher.</param>
    public void Notify<T>(long version, long previous, IReadOnlyList<T> changes, Func<ILiveObserver, LiveNotice<T>, Task> send)
    {
        if (changes.Count == 0)
        {
            // Nothing to tell: the next notice spans this change too.
            return;
        }

        var notice = new LiveNotice<T>(_notified ?? previous, version, changes);
        _notified = version;
        if (_observers is { Count: > 0 } observers)
        {
            observers.Notify(o => send(o, notice).Ignore());
        }
    }
}
