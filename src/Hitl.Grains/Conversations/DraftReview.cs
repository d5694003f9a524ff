using Hitl.Grains.Queues;

namespace Hitl.Grains.Conversations;

/// <summary>A reviewer's decision on a bot draft; an edit keeps the bot's text and the reviewer's.</summary>
[GenerateSerializer, Immutable, Alias("hitl.DraftReview")]
public sealed record DraftReview(
    [property: Id(0)] Draft Draft,
    [property: Id(1)] DraftDecision Decision,
    [property: Id(2)] string? EditedText,
    [property: Id(3)] string Reviewer,
    [property: Id(4)] DateTimeOffset At);
