namespace Hitl.Grains.Scoreboards;

/// <summary>
/// One board for the bot team and the support team, as the contract's <c>Scoreboard</c> type: the
/// cohort is the conversations started in the window; <see cref="Waiting"/> and
/// <see cref="AgentsOnline"/> are "now". Built only by <see cref="ScoreboardFormulas.Compute"/>,
/// which documents each field.
/// </summary>
[GenerateSerializer, Immutable, Alias("hitl.ScoreboardView")]
public sealed record ScoreboardView(
    [property: Id(0)] ScoreWindow Window,
    [property: Id(1)] DateTimeOffset From,
    [property: Id(2)] DateTimeOffset To,
    [property: Id(3)] int ConversationsStarted,
    [property: Id(4)] int ResolvedByBot,
    [property: Id(5)] int ResolvedByHuman,
    [property: Id(6)] double? ContainmentRate,
    [property: Id(7)] int Escalated,
    [property: Id(8)] double? EscalationRate,
    [property: Id(9)] IReadOnlyList<ReasonCount> EscalationsByReason,
    [property: Id(10)] int DraftsApproved,
    [property: Id(11)] int DraftsEdited,
    [property: Id(12)] int DraftsRejected,
    [property: Id(13)] double? FirstHumanResponseP50Seconds,
    [property: Id(14)] double? FirstHumanResponseP90Seconds,
    [property: Id(15)] int SlaMet,
    [property: Id(16)] int SlaBreached,
    [property: Id(17)] double? CsatBot,
    [property: Id(18)] double? CsatHuman,
    [property: Id(19)] int CsatResponses,
    [property: Id(20)] int Waiting,
    [property: Id(21)] int AgentsOnline,
    [property: Id(22)] long Version);
