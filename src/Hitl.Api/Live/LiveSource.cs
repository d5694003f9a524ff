using Hitl.Grains.Live;

namespace Hitl.Api.Live;

/// <summary>
/// One watchable grain: how to (re)subscribe the hub's observer to it and what to tell watchers
/// when a renewal finds changes they missed.
/// </summary>
/// <param name="Key">The topic: one per grain, whatever the number of watchers.</param>
/// <param name="Watch">Subscribes (or renews) and answers the source's version with the events that bring a watcher that last saw <c>knownVersion</c> up to date.</param>
/// <param name="Unwatch">Ends the subscription.</param>
public sealed record LiveSource<T>(
    string Key,
    Func<ILiveObserver, long, Task<(long Version, IReadOnlyList<T> CatchUp)>> Watch,
    Func<ILiveObserver, Task> Unwatch);
