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
}
