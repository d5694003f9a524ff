using System.Collections.Concurrent;
using Hitl.Grains.Knowledge;

namespace Hitl.Grains.Tests.Grains;

/// <summary>
/// The real knowledge bot, except for tenants whose id starts with <see cref="FailingPrefix"/> (it
/// throws) or <see cref="UnsurePrefix"/> (the same answers with half the confidence), and tenants a test
/// holds (<see cref="Hold"/>): their questions wait until the test lets them go.
/// </summary>
public sealed class FaultInjectingBot(KnowledgeBot inner) : IBot
{
    public const string FailingPrefix = "failbot";
    public const string UnsurePrefix = "unsurebot";

    private static readonly ConcurrentDictionary<string, HeldBot> Held = new(StringComparer.Ordinal);

    /// <summary>From now on the tenant's questions wait until the returned hold is released.</summary>
    public static HeldBot Hold(string tenant) => Held.GetOrAdd(tenant, _ => new HeldBot());

    public async Task<BotAnswer> AnswerAsync(BotRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Held.TryGetValue(request.Tenant, out var held))
        {
            held.Asked.TrySetResult();
            await held.Released.Task.WaitAsync(cancellationToken);
        }

        if (request.Tenant.StartsWith(FailingPrefix, StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The bot is down.");
        }

        var answer = await inner.AnswerAsync(request, cancellationToken);
        return request.Tenant.StartsWith(UnsurePrefix, StringComparison.Ordinal) ? answer with { Confidence = answer.Confidence / 2 } : answer;
    }
}

/// <summary>A held tenant's bot: <see cref="Asked"/> completes when a question arrives, <see cref="Released"/> lets answers go.</summary>
public sealed class HeldBot
{
    public TaskCompletionSource Asked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Released { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
