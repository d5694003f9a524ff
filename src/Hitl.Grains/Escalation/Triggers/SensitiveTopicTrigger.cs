using Hitl.Grains.Escalation.Text;

namespace Hitl.Grains.Escalation.Triggers;

/// <summary>SENSITIVE_TOPIC: the message touches one of the policy's sensitive topics; the most urgent matching topic routes it.</summary>
public sealed class SensitiveTopicTrigger(PhraseMatcher matcher) : IEscalationTrigger
{
    public bool NeedsAnswer => false;

    public TriggerHit? Evaluate(EscalationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        TriggerHit? best = null;
        foreach (var topic in context.Policy.SensitiveTopics)
        {
            if (matcher.FindFirst(context.Message, topic.Phrases) is { } match && (best is null || topic.Priority > best.Priority))
            {
                best = new TriggerHit(
                    new Trigger(EscalationReason.SensitiveTopic, $"Sensitive topic '{topic.Name}': \"{match.Matched}\" (phrase \"{match.Phrase}\").", null),
                    topic.Queue,
                    topic.Priority);
            }
        }

        return best;
    }
}
