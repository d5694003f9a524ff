using Hitl.Grains.Escalation.Text;

namespace Hitl.Grains.Escalation.Triggers;

/// <summary>EXPLICIT_REQUEST: the customer asks for a person, in any ordinary phrasing, and does not negate it.</summary>
public sealed class ExplicitRequestTrigger(ExplicitRequestDetector detector) : IEscalationTrigger
{
    public const int Priority = 1;

    public bool NeedsAnswer => false;

    public TriggerHit? Evaluate(EscalationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return detector.Detect(context.Message) is { } request
            ? new TriggerHit(new Trigger(EscalationReason.ExplicitRequest, $"The customer asked for a person: \"{request.Evidence}\".", null), null, Priority)
            : null;
    }
}
