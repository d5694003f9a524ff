using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using GraphQL;
using GraphQL.Execution;
using Hitl.Api.Auth;
using ExecutionContext = GraphQL.Execution.ExecutionContext;

namespace Hitl.Api.GraphQL;

/// <summary>
/// Runs each event's selection once per distinct subscription rather than once per subscriber. The live hub hands
/// the same event object to every subscriber of a grain, so subscriptions with the same caller, document, operation
/// and variables would compute the same result: the first one to process an event executes it, the others reuse
/// that result, and the WebSocket transport reuses its JSON (<see cref="SerializedResults"/>). The caller is part of
/// the key because resolvers may answer differently per caller. The cache lives as long as the event object.
/// </summary>
public sealed class SharedSubscriptionExecutionStrategy : SubscriptionExecutionStrategy
{
    private readonly ConditionalWeakTable<object, ConcurrentDictionary<string, Task<ExecutionResult>>> _results = [];
    private readonly ConditionalWeakTable<ExecutionOptions, string> _keys = [];

    /// <summary>How many events were executed and how many reused a result (for tests and diagnostics).</summary>
    public (long Executed, long Reused) Counts => (Interlocked.Read(ref _executed), Interlocked.Read(ref _reused));

    private long _executed;
    private long _reused;

    protected override ValueTask<ExecutionResult> ProcessDataAsync(ExecutionContext context, ExecutionNode node, object? value)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (value is null || KeyOf(context) is not { } key)
        {
            Interlocked.Increment(ref _executed);
            return base.ProcessDataAsync(context, node, value!);
        }

        var results = _results.GetValue(value, _ => new ConcurrentDictionary<string, Task<ExecutionResult>>(StringComparer.Ordinal));
        var mine = new TaskCompletionSource<ExecutionResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var shared = results.GetOrAdd(key, mine.Task);
        if (!ReferenceEquals(shared, mine.Task))
        {
            Interlocked.Increment(ref _reused);
            return new ValueTask<ExecutionResult>(shared);
        }

        Interlocked.Increment(ref _executed);
        return new ValueTask<ExecutionResult>(ExecuteAsync(context, node, value, mine));
    }

    private async Task<ExecutionResult> ExecuteAsync(ExecutionContext context, ExecutionNode node, object value, TaskCompletionSource<ExecutionResult> completion)
    {
        try
        {
            var result = await base.ProcessDataAsync(context, node, value);
            completion.TrySetResult(result);
            return result;
        }
        catch (Exception ex)
        {
            completion.TrySetException(ex);
            throw;
        }
    }

    /// <summary>Who asks what: the caller, the document, the operation and the variables; null when there is no caller.</summary>
    private string? KeyOf(ExecutionContext context)
    {
        var options = context.ExecutionOptions;
        if (_keys.TryGetValue(options, out var known))
        {
            return known;
        }

        if (HitlPrincipal.From(context.User) is not { } caller || options.Query is not { } query)
        {
            return null;
        }

        var variables = options.Variables is { Count: > 0 } inputs ? JsonSerializer.Serialize(inputs) : "";
        var key = string.Join('\u001f', caller.Tenant, caller.Role, caller.Subject, caller.ConversationId ?? "", options.OperationName ?? "", query, variables);
        _keys.AddOrUpdate(options, key);
        return key;
    }

    /// <summary>The JSON of a result, computed once however many sockets send it.</summary>
    public static string SerializedResults(ExecutionResult result, Func<ExecutionResult, string> serialize) =>
        Serialized.GetValue(result, r => serialize(r));

    private static readonly ConditionalWeakTable<ExecutionResult, string> Serialized = [];
}
