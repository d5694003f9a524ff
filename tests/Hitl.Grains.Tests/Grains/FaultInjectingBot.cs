using Hitl.Grains.Knowledge;

namespace Hitl.Grains.Tests.Grains;

/// <summary>The real knowledge bot, except for tenants whose id starts with <see cref="FailingPrefix"/>: there it throws.</summary>
public sealed class FaultInjectingBot(KnowledgeBot inner) : IBot
{
    public const string FailingPrefix = "failbot";

    public Task<BotAnswer> AnswerAsync(BotRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Tenant.StartsWith(FailingPrefix, StringComparison.Ordinal)
            ? throw new InvalidOperationException("The bot is down.")
            : inner.AnswerAsync(request, cancellationToken);
    }
}
