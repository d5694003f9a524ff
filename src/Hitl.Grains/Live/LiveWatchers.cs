using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace Hitl.Grains.Live;

/// <summary>
/// The observers watching one grain. Created on the first watch, so the many grains nobody
/// watches carry nothing. A watcher that stops renewing its subscription expires.
/// </summary>
public sealed class LiveWatchers(ILogger logger)
{
    /// <summary>How long a subscription lasts without being renewed; watchers renew every few seconds.</summary>
    public static readonly TimeSpan Expiry = TimeSpan.FromSeconds(30);

    private ObserverManager<ILiveObserver>? _observers;

    public int Count => _observers?.Count ?? 0;

    public void Watch(ILiveObserver observer) => (_observers ??= new(Expiry, logger)).Subscribe(observer, observer);

    public void Unwatch(ILiveObserver observer) => _observers?.Unsubscribe(observer);

    public void Notify(Action<ILiveObserver> notification)
    {
        if (_observers is { Count: > 0 } observers)
        {
            observers.Notify(notification);
        }
    }
}
