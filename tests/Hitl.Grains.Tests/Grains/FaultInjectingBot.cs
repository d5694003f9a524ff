using Hitl.Grains.Knowledge;

namespace Hitl.Grains.Tests.Grains;

/// <summary>
/// The real knowledge bot, except for tenants whose id starts with <see cref="FailingPrefix"/> (it
/// throws) or <see cref="UnsurePrefix"/> (the same answers with half the confidence).
/// </summary>
public sealed class FaultInjectingBot(KnowledgeBot inner) : IBot
{
    public const string FailingPrefix = "failbot";
    public const string UnsurePrefix = "unsurebot";

    public async Task<BotAnswer> AnswerAsync(BotRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Tenant.StartsWith(FailingPrefix, StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The bot is down.");
        }

        var answer = await inner.AnswerAsync(request, cancellationToken);
        return request.Tenant.StartsWith(UnsurePrefix, StringComparison.Ordinal) ? answer with { Confidence = answer.Confidence / 2 } : answer;
    }
}
