namespace Hitl.Grains.Escalation.Meaning;

/// <summary>
/// What the sentence embeddings make of a customer message (hybrid retrieval only): its vector, the vectors of the
/// conversation's answered questions (same order as <see cref="EscalationContext.AnsweredQuestions"/>), and the intent
/// it was recognised as, if any.
/// </summary>
public sealed record MessageMeaning(float[] Vector, IReadOnlyList<float[]> Answered, IntentMatch? Intent);
