namespace Hitl.Grains.Conversations;

/// <summary>Who answers the customer right now.</summary>
[GenerateSerializer, Alias("hitl.ConversationStatus")]
public enum ConversationStatus
{
    /// <summary>The bot answers.</summary>
    Bot = 0,

    /// <summary>Escalated: waiting in a queue for a human.</summary>
    Queued = 1,

    /// <summary>A human agent owns the conversation.</summary>
    Human = 2,

    /// <summary>Closed; a new customer message reopens it with the bot.</summary>
    Resolved = 3,
}
