namespace Hitl.Grains.Conversations;

/// <summary>A conversation as readers see it, without its messages (read those with <see cref="IConversationGrain.GetMessagesAsync"/>).</summary>
[GenerateSerializer, Immutable, Alias("hitl.ConversationView")]
public sealed record ConversationView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Tenant,
    [property: Id(2)] ConversationStatus Status,
    [property: Id(3)] Owner Owner,
    [property: Id(4)] EscalationRecord? Escalation,
    [property: Id(5)] IReadOnlyList<EscalationRecord> Escalations,
    [property: Id(6)] Draft? PendingDraft,
    [property: Id(7)] long MessageCount,
    [property: Id(8)] double Sentiment,
    [property: Id(9)] int? Csat,
    [property: Id(10)] DateTimeOffset CreatedAt,
    [property: Id(11)] DateTimeOffset UpdatedAt,
    [property: Id(12)] string? CustomerName,
    [property: Id(13)] long Version);
