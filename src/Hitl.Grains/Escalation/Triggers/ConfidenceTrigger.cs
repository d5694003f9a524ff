using System.Globalization;

namespace Hitl.Grains.Escalation.Triggers;

/// <summary>
/// OUT_OF_SCOPE below <c>Policy.outOfScopeBelow</c> (nothing in the knowledge base is about it) and
/// LOW_CONFIDENCE below <c>Policy.minConfidence</c>; a bot that could not answer at all counts as LOW_CONFIDENCE.
/// </summary>
public sealed class ConfidenceTrigger : IEscalationTrigger
{
    public const int Priority = 0;

    public bool NeedsAnswer => true;

    public TriggerHit? Evaluate(EscalationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Answer is not { } answer)
        {
            return new TriggerHit(new Trigger(EscalationReason.LowConfidence, "The bot could not produce an answer.", 0), null, Priority);
        }

        var c = answer.Confidence;
        if (c < context.Policy.OutOfScopeBelow)
        {
            return new TriggerHit(
                new Trigger(EscalationReason.OutOfScope, string.Create(CultureInfo.InvariantCulture, $"Nothing in the knowledge base covers it (confidence {c:0.00} < {context.Policy.OutOfScopeBelow:0.00})."), c),
                null,
                Priority);
        }

        if (c < context.Policy.MinConfidence)
        {
            return new TriggerHit(
                new Trigger(EscalationReason.LowConfidence, string.Create(CultureInfo.InvariantCulture, $"Best match is weak (confidence {c:0.00} < {context.Policy.MinConfidence:0.00})."), c),
                null,
                Priority);
        }

        return null;
    }
}
