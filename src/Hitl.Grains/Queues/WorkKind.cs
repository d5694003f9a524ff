namespace Hitl.Grains.Queues;

[GenerateSerializer, Alias("hitl.WorkKind")]
public enum WorkKind
{
    /// <summary>Live takeover of a conversation by a human.</summary>
    Handoff = 0,

    /// <summary>A bot draft waiting for approval before the customer sees it.</summary>
    DraftReview = 1,
}
