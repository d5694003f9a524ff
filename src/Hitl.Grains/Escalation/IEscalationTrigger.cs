namespace Hitl.Grains.Escalation;

/// <summary>One reason to hand a conversation to a person. Plain, stateless, evaluated on every customer message while the bot owns the conversation.</summary>
public interface IEscalationTrigger
{
    /// <summary>True when the trigger needs the bot's answer (it runs after the bot was asked).</summary>
    bool NeedsAnswer { get; }

    /// <summary>The hit, or null when this trigger does not fire.</summary>
    TriggerHit? Evaluate(EscalationContext context);
}
