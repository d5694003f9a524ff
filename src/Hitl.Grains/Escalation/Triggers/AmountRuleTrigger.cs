using System.Globalization;
using Hitl.Grains.Escalation.Text;

namespace Hitl.Grains.Escalation.Triggers;

/// <summary>RULE: a business rule's phrase together with an amount above its threshold ("refund" and "$249" over 100).</summary>
public sealed class AmountRuleTrigger(PhraseMatcher matcher, AmountExtractor amounts) : IEscalationTrigger
{
    public bool NeedsAnswer => false;

    public TriggerHit? Evaluate(EscalationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Policy.AmountRules.Count == 0)
        {
            return null;
        }

        var found = amounts.Extract(context.Text);
        if (found.Count == 0)
        {
            return null;
        }

        var largest = found.MaxBy(a => a.Value)!;
        TriggerHit? best = null;
        foreach (var rule in context.Policy.AmountRules)
        {
            if (largest.Value > rule.Above
                && matcher.FindFirst(context.Message, rule.Phrases) is { } match
                && (best is null || rule.Priority > best.Priority))
            {
                var detail = string.Create(CultureInfo.InvariantCulture, $"Rule '{rule.Name}': \"{match.Matched}\" with {largest.Text}, above {rule.Above}.");
                best = new TriggerHit(new Trigger(EscalationReason.Rule, detail, largest.Value), rule.Queue, rule.Priority);
            }
        }

        return best;
    }
}
