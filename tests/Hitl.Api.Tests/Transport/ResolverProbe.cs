using System.Collections.Concurrent;

namespace Hitl.Api.Tests.Transport;

/// <summary>Records which resolvers ran, keyed per test, so tests can prove something did not run.</summary>
public sealed class ResolverProbe
{
    private readonly ConcurrentDictionary<string, int> _touched = new(StringComparer.Ordinal);

    public void Touch(string key) => _touched.AddOrUpdate(key, 1, (_, count) => count + 1);

    public int Count(string key) => _touched.TryGetValue(key, out var count) ? count : 0;
}
