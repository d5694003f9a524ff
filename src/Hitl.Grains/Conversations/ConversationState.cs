namespace Hitl.Grains.Conversations;

[GenerateSerializer, Alias("hitl.ConversationState")]
public sealed class ConversationState
{
    [Id(0)] public bool Started { get; set; }
    [Id(1)] public string? CustomerName { get; set; }
    [Id(2)] public DateTimeOffset CreatedAt { get; set; }
    [Id(3)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(4)] public Ownership Ownership { get; set; } = Ownership.Start(DateTimeOffset.UnixEpoch);
    [Id(5)] public List<EscalationRecord> Escalations { get; set; } = [];
    [Id(6)] public Draft? PendingDraft { get; set; }
    /// <summary>Running customer sentiment in [-1, 1].</summary>
    [Id(7)] public double Sentiment { get; set; }
    [Id(8)] public int? Csat { get; set; }
    /// <summary>Messages ever appended; the next message gets this number.</summary>
    [Id(9)] public long MessageCount { get; set; }
    /// <summary>How many full pages moved to TranscriptPage grains.</summary>
    [Id(10)] public int FlushedPages { get; set; }
    /// <summary>The newest messages, from <c>FlushedPages × PageSize</c> on.</summary>
    [Id(11)] public List<ChatMessage> Tail { get; set; } = [];
    /// <summary>
    /// The most recent client message ids, oldest first, as versions before <see cref="PackedClientMessages"/> stored them:
    /// read into the window and written empty from then on.
    /// </summary>
    [Id(12)] public List<ClientMessageRecord> RecentClientMessages { get; set; } = [];
    /// <summary>Grows with every change.</summary>
    [Id(13)] public long Version { get; set; }
    /// <summary>Customer messages so far (the running sentiment's sample count).</summary>
    [Id(14)] public long CustomerMessages { get; set; }
    /// <summary>The latest customer questions the bot answered, oldest first (bounded): what a repeat is compared with.</summary>
    [Id(15)] public List<string> AnsweredQuestions { get; set; } = [];
    /// <summary>The open escalation its queue has confirmed; a different open escalation is (re)sent to its queue.</summary>
    [Id(16)] public string? EnqueuedEscalationId { get; set; }
    /// <summary>The pending draft the review queue has confirmed.</summary>
    [Id(17)] public string? EnqueuedDraftId { get; set; }
    /// <summary>Every reviewed draft with the reviewer's decision and, for edits, both texts: labelled data for the bot.</summary>
    [Id(18)] public List<DraftReview> Reviews { get; set; } = [];
    [Id(19)] public DateTimeOffset? PendingDraftAt { get; set; }
    /// <summary>The most recent client message ids (bounded), packed by <see cref="ClientMessageWindow.Pack"/>.</summary>
    [Id(20)] public byte[]? PackedClientMessages { get; set; }
    /// <summary>What the escalations and reviews that left the bounded lists above contributed (see <see cref="Conversation.KeptEscalations"/>).</summary>
    [Id(21)] public ArchivedHistory Archived { get; set; } = ArchivedHistory.Empty;
    /// <summary>When the customer last resolved the conversation: the start of their requestHuman cooldown (<see cref="ConversationLimits.RequestHumanCooldown"/>).</summary>
    [Id(22)] public DateTimeOffset? CustomerResolvedAt { get; set; }
}
