using System.Globalization;
using Hitl.Grains.Escalation.Meaning;
using Hitl.Grains.Escalation.Text;

namespace Hitl.Grains.Escalation.Triggers;

/// <summary>
/// EXPLICIT_REQUEST: the customer asks for a person, in any ordinary phrasing, and does not negate it. Found by the
/// word-based <see cref="ExplicitRequestDetector"/>, or, with hybrid retrieval, by meaning: the message is near the
/// examples of <see cref="IntentCatalog.HumanRequest"/> (<see cref="IntentClassifier"/>) and mentions no person under
/// a negation.
/// </summary>
public sealed class ExplicitRequestTrigger(ExplicitRequestDetector detector) : IEscalationTrigger
{
    public const int Priority = 1;

    public bool NeedsAnswer => false;

    public TriggerHit? Evaluate(EscalationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (detector.Detect(context.Message) is { } request)
        {
            return Hit($"The customer asked for a person: \"{request.Evidence}\".", null);
        }

        return context.Meaning?.Intent is { Intent: IntentCatalog.HumanRequest } match && !detector.DeclinesPerson(context.Message)
            ? Hit(string.Create(CultureInfo.InvariantCulture, $"The customer asked for a person, in other words (similarity {match.Similarity:0.00} to requests for a person, {match.Contrast:0.00} to other messages)."), match.Similarity)
            : null;
    }

    private static TriggerHit Hit(string detail, double? score) =>
        new(new Trigger(EscalationReason.ExplicitRequest, detail, score), null, Priority);
}
