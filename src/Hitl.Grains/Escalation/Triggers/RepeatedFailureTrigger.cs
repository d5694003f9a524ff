using System.Globalization;
using Hitl.Grains.Escalation.Text;

namespace Hitl.Grains.Escalation.Triggers;

/// <summary>REPEATED_FAILURE: the customer asks again what the bot already answered in this conversation.</summary>
public sealed class RepeatedFailureTrigger(QuestionSimilarity similarity) : IEscalationTrigger
{
    public const int Priority = 1;

    public bool NeedsAnswer => false;

    public TriggerHit? Evaluate(EscalationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.AnsweredQuestions.Count == 0)
        {
            return null;
        }

        string? earlier = null;
        var best = 0.0;
        var asked = context.Message.ContentStems;
        var reduce = context.QuestionStems ?? TextNormalizer.ContentStems;
        foreach (var question in context.AnsweredQuestions)
        {
            var s = similarity.Similarity(reduce(question), asked);
            if (s > best)
            {
                best = s;
                earlier = question;
            }
        }

        return earlier is not null && best >= context.Policy.RepeatSimilarity
            ? new TriggerHit(
                new Trigger(EscalationReason.RepeatedFailure, string.Create(CultureInfo.InvariantCulture, $"Asked again (similarity {best:0.00}) after the bot answered \"{Shorten(earlier)}\"."), best),
                null,
                Priority)
            : null;
    }

    private static string Shorten(string text) => text.Length <= 120 ? text : text[..117] + "...";
}
