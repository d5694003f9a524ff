using Hitl.Grains.Escalation;

namespace Hitl.Grains.Scoreboards;

/// <summary>
/// The ONE place the scoreboard's definitions live (the contract's field descriptions are
/// normative). The cohort is the conversations <b>started</b> in the window, so every rate shares
/// one denominator. Counts beyond the range of <see cref="int"/> saturate.
/// </summary>
public static class ScoreboardFormulas
{
    /// <summary>
    /// Builds the board from the summed counters of a window.
    /// <list type="bullet">
    /// <item>conversationsStarted: conversations started in the window.</item>
    /// <item>resolvedByBot: "Resolved with no human ever involved."</item>
    /// <item>resolvedByHuman: "Resolved after a human was involved."</item>
    /// <item>containmentRate: "resolvedByBot / (resolvedByBot + resolvedByHuman); null when nothing resolved."</item>
    /// <item>escalated: "Conversations escalated at least once."</item>
    /// <item>escalationRate: "escalated / conversationsStarted; null when none started." Per conversation,
    /// not per reason, so it never exceeds 1 while escalationsByReason may sum to more than escalated.</item>
    /// <item>escalationsByReason: conversations escalated for each reason (a conversation counts once per
    /// reason), non-zero reasons only, most frequent first, then in enum order.</item>
    /// <item>draftsApproved / draftsEdited / draftsRejected: review decisions.</item>
    /// <item>firstHumanResponseP50Seconds / P90Seconds: "From escalation to the first human message, seconds."
    /// Nearest-rank percentiles over answered escalations; null when none.</item>
    /// <item>slaMet / slaBreached: escalations with a due time answered in time / breached or answered late.</item>
    /// <item>csatBot: "Mean CSAT of rated conversations no human touched."; null when none rated.</item>
    /// <item>csatHuman: "Mean CSAT of rated conversations a human touched."; null when none rated.</item>
    /// <item>csatResponses: rated conversations, bot and human together.</item>
    /// <item>waiting: "Now: items waiting in all queues."</item>
    /// <item>agentsOnline: "Now: agents ONLINE."</item>
    /// </list>
    /// </summary>
    public static ScoreboardView Compute(
        ScoreWindow window,
        DateTimeOffset from,
        DateTimeOffset to,
        ScoreCounts counts,
        int waiting,
        int agentsOnline,
        long version)
    {
        ArgumentNullException.ThrowIfNull(counts);
        return new ScoreboardView(
            window,
            from,
            to,
            ConversationsStarted: Int(counts.Started),
            ResolvedByBot: Int(counts.ResolvedByBot),
            ResolvedByHuman: Int(counts.ResolvedByHuman),
            ContainmentRate: ContainmentRate(counts.ResolvedByBot, counts.ResolvedByHuman),
            Escalated: Int(counts.Escalated),
            EscalationRate: EscalationRate(counts.Escalated, counts.Started),
            EscalationsByReason: EscalationsByReason(counts.Reasons),
            DraftsApproved: Int(counts.DraftsApproved),
            DraftsEdited: Int(counts.DraftsEdited),
            DraftsRejected: Int(counts.DraftsRejected),
            FirstHumanResponseP50Seconds: counts.FirstResponses.Percentile(50),
            FirstHumanResponseP90Seconds: counts.FirstResponses.Percentile(90),
            SlaMet: Int(counts.SlaMet),
            SlaBreached: Int(counts.SlaBreached),
            CsatBot: Mean(counts.CsatBotSum, counts.CsatBotCount),
            CsatHuman: Mean(counts.CsatHumanSum, counts.CsatHumanCount),
            CsatResponses: Int(counts.CsatBotCount + counts.CsatHumanCount),
            waiting,
            agentsOnline,
            version);
    }

    /// <summary>"resolvedByBot / (resolvedByBot + resolvedByHuman); null when nothing resolved."</summary>
    public static double? ContainmentRate(long resolvedByBot, long resolvedByHuman)
    {
        var resolved = resolvedByBot + resolvedByHuman;
        return resolved > 0 ? (double)resolvedByBot / resolved : null;
    }

    /// <summary>"escalated / conversationsStarted; null when none started." Counts conversations, not reasons.</summary>
    public static double? EscalationRate(long escalated, long conversationsStarted) =>
        conversationsStarted > 0 ? (double)escalated / conversationsStarted : null;

    /// <summary>The mean of a CSAT sum over its count; null when nobody rated.</summary>
    public static double? Mean(long sum, long count) => count > 0 ? (double)sum / count : null;

    /// <summary>Non-zero reasons only, most frequent first, then in enum order.</summary>
    public static IReadOnlyList<ReasonCount> EscalationsByReason(IReadOnlyDictionary<EscalationReason, long> reasons)
    {
        ArgumentNullException.ThrowIfNull(reasons);
        return reasons
            .Where(r => r.Value != 0)
            .OrderByDescending(r => r.Value)
            .ThenBy(r => r.Key)
            .Select(r => new ReasonCount(r.Key, r.Value))
            .ToArray();
    }

    private static int Int(long value) => (int)Math.Clamp(value, int.MinValue, int.MaxValue);
}
