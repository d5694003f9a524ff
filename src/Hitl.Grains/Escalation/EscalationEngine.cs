using Hitl.Grains.Escalation.Meaning;
using Hitl.Grains.Escalation.Text;
using Hitl.Grains.Escalation.Triggers;

namespace Hitl.Grains.Escalation;

/// <summary>
/// Decides, for one customer message while the bot owns the conversation: answer, hold a draft,
/// or escalate. In two steps, so the bot is asked only when it could matter:
/// <list type="number">
/// <item><see cref="EvaluateMessage"/> runs the triggers that read only the message and the
/// conversation (explicit request, sensitive topic, amount rule, sentiment, repeat). Any hit
/// escalates at once: the bot is not asked and nothing it would say reaches the customer.</item>
/// <item><see cref="DecideWithAnswer"/> runs the triggers that need the bot's answer (confidence).
/// A hit escalates; otherwise an answer with confidence in [minConfidence, reviewBelow) becomes a
/// draft, and anything else is answered.</item>
/// </list>
/// The escalation goes to the queue of the most urgent routed hit (topic or rule), else the
/// tenant's default queue, with the highest priority of all hits.
/// </summary>
public sealed class EscalationEngine
{
    private readonly IReadOnlyList<IEscalationTrigger> _messageTriggers;
    private readonly IReadOnlyList<IEscalationTrigger> _answerTriggers;

    public EscalationEngine(IEnumerable<IEscalationTrigger> triggers)
    {
        ArgumentNullException.ThrowIfNull(triggers);
        var all = triggers.ToList();
        _messageTriggers = [.. all.Where(t => !t.NeedsAnswer)];
        _answerTriggers = [.. all.Where(t => t.NeedsAnswer)];
    }

    /// <summary>The engine with every built-in trigger.</summary>
    public static EscalationEngine CreateDefault()
    {
        var matcher = new PhraseMatcher();
        return new EscalationEngine(
        [
            new ExplicitRequestTrigger(new ExplicitRequestDetector()),
            new SensitiveTopicTrigger(matcher),
            new AmountRuleTrigger(matcher, new AmountExtractor()),
            new NegativeSentimentTrigger(),
            new RepeatedFailureTrigger(new QuestionSimilarity()),
            new ConfidenceTrigger(),
        ]);
    }

    /// <summary>Step one: an escalation decided from the message alone, or null when the bot should be asked.</summary>
    public EscalationDecision? EvaluateMessage(EscalationContext context)
    {
        var hits = Run(_messageTriggers, context);
        return hits.Count > 0 ? Escalate(hits, context) : null;
    }

    /// <summary>Step two, with the bot's answer (null when it failed): escalate, draft or answer.</summary>
    public EscalationDecision DecideWithAnswer(EscalationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var hits = Run(_answerTriggers, context);
        if (hits.Count > 0)
        {
            // Small talk is not a question the knowledge base should answer: when only the confidence triggers fired,
            // a greeting or a thanks gets its short reply instead of a person.
            return SmallTalkIntent(context) is { } intent && hits.TrueForAll(h => h.Trigger.Reason is EscalationReason.LowConfidence or EscalationReason.OutOfScope)
                ? EscalationDecision.ForSmallTalk(intent)
                : Escalate(hits, context);
        }

        if (context.Answer is not { } answer)
        {
            return Escalate([new TriggerHit(new Trigger(EscalationReason.LowConfidence, "The bot could not produce an answer.", 0), null, 0)], context);
        }

        return answer.Confidence < context.Policy.ReviewBelow ? EscalationDecision.Draft : EscalationDecision.Answer;
    }

    /// <summary>At most this many words make a message small talk (a longer one carries a question or a story).</summary>
    public const int SmallTalkMaxWords = 10;

    /// <summary>The small-talk intent of a short message recognised by meaning, or null.</summary>
    public static string? SmallTalkIntent(EscalationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Meaning?.Intent is { } match && IntentCatalog.SmallTalk.Contains(match.Intent)
            && context.Message.Clauses.Sum(c => c.Count) <= SmallTalkMaxWords
            ? match.Intent
            : null;
    }

    /// <summary>Both steps at once, for callers that already have the answer (tests, evaluation).</summary>
    public EscalationDecision Decide(EscalationContext context) => EvaluateMessage(context) ?? DecideWithAnswer(context);

    private static List<TriggerHit> Run(IReadOnlyList<IEscalationTrigger> triggers, EscalationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var hits = new List<TriggerHit>(2);
        foreach (var trigger in triggers)
        {
            if (trigger.Evaluate(context) is { } hit)
            {
                hits.Add(hit);
            }
        }

        return hits;
    }

    private static EscalationDecision Escalate(List<TriggerHit> hits, EscalationContext context)
    {
        var routed = hits.Where(h => h.Queue is not null).MaxBy(h => h.Priority);
        var queue = routed?.Queue ?? context.Policy.DefaultQueue;
        var priority = hits.Max(h => h.Priority);
        return new EscalationDecision(EscalationDecisionKind.Escalate, [.. hits.Select(h => h.Trigger)], queue, priority);
    }
}
