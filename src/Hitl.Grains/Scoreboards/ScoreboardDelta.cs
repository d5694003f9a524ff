using Hitl.Grains.Escalation;

namespace Hitl.Grains.Scoreboards;

/// <summary>
/// The change of one conversation's contribution to its tenant's board: the new contribution minus
/// the one the board saw before. It lands in the buckets of the conversation's
/// <see cref="StartedAt"/>, because the board's cohort is the conversations started in a window.
/// CSAT is split by who was involved: bot = rated and no human involved, human = rated and a human involved.
/// </summary>
[GenerateSerializer, Immutable, Alias("hitl.ScoreboardDelta")]
public sealed record ScoreboardDelta(
    [property: Id(0)] DateTimeOffset StartedAt,
    [property: Id(1)] long Started,
    [property: Id(2)] long ResolvedByBot,
    [property: Id(3)] long ResolvedByHuman,
    [property: Id(4)] long Escalated,
    [property: Id(5)] long DraftsApproved,
    [property: Id(6)] long DraftsEdited,
    [property: Id(7)] long DraftsRejected,
    [property: Id(8)] long SlaMet,
    [property: Id(9)] long SlaBreached,
    [property: Id(10)] long CsatBotSum,
    [property: Id(11)] long CsatBotCount,
    [property: Id(12)] long CsatHumanSum,
    [property: Id(13)] long CsatHumanCount,
    [property: Id(14)] IReadOnlyDictionary<EscalationReason, long> Reasons,
    [property: Id(15)] IReadOnlyList<double> NewFirstResponses)
{
    /// <summary>
    /// <paramref name="after"/> minus <paramref name="before"/>; a null <paramref name="before"/>
    /// means the board has not seen the conversation yet, so it counts as started. Returns null when
    /// nothing the board counts changed. First-response samples are never subtracted: a sample is
    /// added once, for an escalation id <paramref name="before"/> did not have.
    /// The conversation's start time is assumed never to change.
    /// </summary>
    public static ScoreboardDelta? Between(ConversationContribution? before, ConversationContribution after)
    {
        ArgumentNullException.ThrowIfNull(after);

        var reasons = new Dictionary<EscalationReason, long>();
        foreach (var reason in after.Reasons)
        {
            reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
        }

        foreach (var reason in before?.Reasons ?? [])
        {
            reasons[reason] = reasons.GetValueOrDefault(reason) - 1;
        }

        foreach (var unchanged in reasons.Where(r => r.Value == 0).Select(r => r.Key).ToArray())
        {
            reasons.Remove(unchanged);
        }

        var seen = new HashSet<string>((before?.FirstResponses ?? []).Select(r => r.EscalationId), StringComparer.Ordinal);
        var newFirstResponses = after.FirstResponses
            .Where(r => !seen.Contains(r.EscalationId))
            .Select(r => r.Seconds)
            .ToArray();

        var (botSum, botCount) = Csat(after, human: false);
        var (humanSum, humanCount) = Csat(after, human: true);
        var (botSumBefore, botCountBefore) = Csat(before, human: false);
        var (humanSumBefore, humanCountBefore) = Csat(before, human: true);

        var delta = new ScoreboardDelta(
            after.StartedAt,
            Started: before is null ? 1 : 0,
            ResolvedByBot: One(after.ResolvedByBot) - One(before?.ResolvedByBot),
            ResolvedByHuman: One(after.ResolvedByHuman) - One(before?.ResolvedByHuman),
            Escalated: One(after.Escalated) - One(before?.Escalated),
            DraftsApproved: after.DraftsApproved - (before?.DraftsApproved ?? 0),
            DraftsEdited: after.DraftsEdited - (before?.DraftsEdited ?? 0),
            DraftsRejected: after.DraftsRejected - (before?.DraftsRejected ?? 0),
            SlaMet: after.SlaMet - (before?.SlaMet ?? 0),
            SlaBreached: after.SlaBreached - (before?.SlaBreached ?? 0),
            CsatBotSum: botSum - botSumBefore,
            CsatBotCount: botCount - botCountBefore,
            CsatHumanSum: humanSum - humanSumBefore,
            CsatHumanCount: humanCount - humanCountBefore,
            reasons,
            newFirstResponses);

        return delta.IsEmpty ? null : delta;
    }

    /// <summary>True when applying this delta would change nothing.</summary>
    public bool IsEmpty =>
        Started == 0 && ResolvedByBot == 0 && ResolvedByHuman == 0 && Escalated == 0
        && DraftsApproved == 0 && DraftsEdited == 0 && DraftsRejected == 0
        && SlaMet == 0 && SlaBreached == 0
        && CsatBotSum == 0 && CsatBotCount == 0 && CsatHumanSum == 0 && CsatHumanCount == 0
        && Reasons.All(r => r.Value == 0) && NewFirstResponses.Count == 0;

    private static long One(bool? flag) => flag == true ? 1 : 0;

    /// <summary>The CSAT a contribution adds to the bot side or the human side: (sum, count).</summary>
    private static (long Sum, long Count) Csat(ConversationContribution? c, bool human) =>
        c is { Csat: { } score } && c.HumanInvolved == human ? (score, 1) : (0, 0);
}
