namespace Hitl.Grains.Live;

/// <summary>
/// One notification from a watched grain: the events of one change, in order, with the source's version after it
/// and the version it had last notified before it. Orleans does not keep one-way calls in order, so the live hub
/// uses <see cref="Previous"/> to put notices back in order and to notice one it has not received.
/// </summary>
/// <typeparam name="T">The event type.</typeparam>
[GenerateSerializer, Immutable, Alias("hitl.LiveNotice`1")]
public sealed record LiveNotice<T>(
    [property: Id(0)] long Previous,
    [property: Id(1)] long Version,
    [property: Id(2)] IReadOnlyList<T> Changes);
