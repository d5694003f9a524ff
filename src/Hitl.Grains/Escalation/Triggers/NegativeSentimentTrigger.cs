using System.Globalization;
using Hitl.Grains.Escalation.Text;

namespace Hitl.Grains.Escalation.Triggers;

/// <summary>NEGATIVE_SENTIMENT: the message is at or below the policy's threshold, or falls sharply against the conversation's running sentiment.</summary>
public sealed class NegativeSentimentTrigger : IEscalationTrigger
{
    public const int Priority = 1;

    public bool NeedsAnswer => false;

    public TriggerHit? Evaluate(EscalationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var score = context.Sentiment;
        if (score <= context.Policy.NegativeSentiment)
        {
            return Hit(string.Create(CultureInfo.InvariantCulture, $"Sentiment {score:0.00} is at or below {context.Policy.NegativeSentiment:0.00}."), score);
        }

        if (context.RunningSentiment is { } running && SentimentTracker.IsSharpDrop(running, score))
        {
            return Hit(string.Create(CultureInfo.InvariantCulture, $"Sentiment fell sharply from {running:0.00} to {score:0.00}."), score);
        }

        return null;
    }

    private static TriggerHit Hit(string detail, double score) =>
        new(new Trigger(EscalationReason.NegativeSentiment, detail, score), null, Priority);
}
