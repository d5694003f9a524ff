namespace Hitl.Grains.Escalation;

/// <summary>What to do with one customer message: answer, hold a draft, or escalate with reasons to a queue.</summary>
public sealed record EscalationDecision(
    EscalationDecisionKind Kind,
    IReadOnlyList<Trigger> Reasons,
    string? Queue,
    int Priority)
{
    public static EscalationDecision Answer { get; } = new(EscalationDecisionKind.Answer, [], null, 0);

    public static EscalationDecision Draft { get; } = new(EscalationDecisionKind.Draft, [], null, 0);

    /// <summary>For <see cref="EscalationDecisionKind.SmallTalk"/>: which intent (<see cref="Meaning.IntentCatalog"/>).</summary>
    public string? Intent { get; init; }

    /// <summary>A small-talk reply for <paramref name="intent"/>.</summary>
    public static EscalationDecision ForSmallTalk(string intent) => new(EscalationDecisionKind.SmallTalk, [], null, 0) { Intent = intent };
}
