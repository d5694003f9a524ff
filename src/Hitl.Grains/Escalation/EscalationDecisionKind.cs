namespace Hitl.Grains.Escalation;

public enum EscalationDecisionKind
{
    /// <summary>The bot's reply goes to the customer.</summary>
    Answer,

    /// <summary>The reply is held as a draft for a reviewer; the customer sees nothing yet.</summary>
    Draft,

    /// <summary>A person takes over; the bot's reply never reaches the customer.</summary>
    Escalate,

    /// <summary>Small talk (a greeting, thanks, ...): the bot replies with the tenant's short text, quoting no article.</summary>
    SmallTalk,
}
