using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using GraphQL;

namespace Hitl.Api.GraphQL;

/// <summary>
/// Values looked up once per execution (one HTTP request, or one subscription event): agent names
/// for messages, the caller's served queues for access checks. Concurrent resolvers asking for the
/// same key share one lookup.
/// </summary>
public sealed class RequestMemo
{
    private static readonly ConditionalWeakTable<object, RequestMemo> Memos = [];
    private readonly ConcurrentDictionary<string, Lazy<Task<object?>>> _values = new(StringComparer.Ordinal);

    /// <summary>The memo of the execution <paramref name="context"/> belongs to.</summary>
    public static RequestMemo Of(IResolveFieldContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Memos.GetValue(context.ExecutionContext, _ => new RequestMemo());
    }

    /// <summary>The value under <paramref name="key"/>, loading it the first time it is asked for.</summary>
    public async Task<T> GetAsync<T>(string key, Func<Task<T>> load)
    {
        ArgumentNullException.ThrowIfNull(load);
        var value = await _values.GetOrAdd(key, _ => new Lazy<Task<object?>>(async () => await load())).Value;
        return (T)value!;
    }
}
