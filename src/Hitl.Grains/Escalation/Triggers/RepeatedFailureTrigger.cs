using System.Globalization;
using Hitl.Grains.Escalation.Text;
using Hitl.Grains.Knowledge.Semantic;

namespace Hitl.Grains.Escalation.Triggers;

/// <summary>
/// REPEATED_FAILURE: after the bot answered in this conversation, the customer asks the same thing again, or says the
/// answer did not help (<see cref="NotHelpedCues"/>). "The same thing" is the larger of two measures on one scale,
/// compared with <c>Policy.repeatSimilarity</c>: the word overlap of <see cref="QuestionSimilarity"/>, and, with
/// hybrid retrieval, the cosine similarity of the sentence vectors mapped as retrieval maps it
/// (<see cref="HybridCalibrator.SemanticEvidence"/>: 0.25 → 0, 0.65 → 1), so a repeat in new words counts too.
/// </summary>
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
        var vectors = context.Meaning is { } meaning && meaning.Answered.Count == context.AnsweredQuestions.Count ? meaning : null;
        for (var i = 0; i < context.AnsweredQuestions.Count; i++)
        {
            var question = context.AnsweredQuestions[i];
            var s = similarity.Similarity(reduce(question), asked);
            if (vectors is not null)
            {
                s = Math.Max(s, HybridCalibrator.SemanticEvidence(Knowledge.Semantic.TextEmbedder.Similarity(vectors.Vector, vectors.Answered[i])));
            }

            if (s > best)
            {
                best = s;
                earlier = question;
            }
        }

        if (earlier is not null && best >= context.Policy.RepeatSimilarity)
        {
            return Hit(string.Create(CultureInfo.InvariantCulture, $"Asked again (similarity {best:0.00}) after the bot answered \"{Shorten(earlier)}\"."), best);
        }

        return NotHelpedCues.Find(context.Message) is { } cue
            ? Hit($"The customer said the answer did not help (\"{cue}\") after the bot answered \"{Shorten(context.AnsweredQuestions[^1])}\".", best)
            : null;
    }

    private static TriggerHit Hit(string detail, double score) =>
        new(new Trigger(EscalationReason.RepeatedFailure, detail, score), null, Priority);

    private static string Shorten(string text) => text.Length <= 120 ? text : text[..117] + "...";
}
