using Hitl.Grains.Escalation;

namespace Hitl.Grains.Scoreboards;

/// <summary>
/// Summed scoreboard counters of a set of conversations (one time bucket, a window, or all time).
/// <see cref="ScoreboardFormulas"/> turns them into the board's numbers.
/// </summary>
[GenerateSerializer, Alias("hitl.ScoreCounts")]
public sealed class ScoreCounts
{
    [Id(0)] public long Started { get; set; }
    [Id(1)] public long ResolvedByBot { get; set; }
    [Id(2)] public long ResolvedByHuman { get; set; }
    [Id(3)] public long Escalated { get; set; }
    [Id(4)] public long DraftsApproved { get; set; }
    [Id(5)] public long DraftsEdited { get; set; }
    [Id(6)] public long DraftsRejected { get; set; }
    [Id(7)] public long SlaMet { get; set; }
    [Id(8)] public long SlaBreached { get; set; }
    [Id(9)] public long CsatBotSum { get; set; }
    [Id(10)] public long CsatBotCount { get; set; }
    [Id(11)] public long CsatHumanSum { get; set; }
    [Id(12)] public long CsatHumanCount { get; set; }

    /// <summary>Conversations escalated for each reason; entries that sum to zero are removed.</summary>
    [Id(13)] public Dictionary<EscalationReason, long> Reasons { get; set; } = [];

    /// <summary>Seconds from escalation to the first AGENT message, one sample per answered escalation.</summary>
    [Id(14)] public ResponseHistogram FirstResponses { get; set; } = new();

    /// <summary>Adds one conversation's change.</summary>
    public void Apply(ScoreboardDelta d)
    {
        ArgumentNullException.ThrowIfNull(d);
        Started += d.Started;
        ResolvedByBot += d.ResolvedByBot;
        ResolvedByHuman += d.ResolvedByHuman;
        Escalated += d.Escalated;
        DraftsApproved += d.DraftsApproved;
        DraftsEdited += d.DraftsEdited;
        DraftsRejected += d.DraftsRejected;
        SlaMet += d.SlaMet;
        SlaBreached += d.SlaBreached;
        CsatBotSum += d.CsatBotSum;
        CsatBotCount += d.CsatBotCount;
        CsatHumanSum += d.CsatHumanSum;
        CsatHumanCount += d.CsatHumanCount;
        AddReasons(d.Reasons);
        foreach (var seconds in d.NewFirstResponses)
        {
            FirstResponses.Add(seconds);
        }
    }

    /// <summary>Adds every counter of <paramref name="other"/>.</summary>
    public void Merge(ScoreCounts other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Started += other.Started;
        ResolvedByBot += other.ResolvedByBot;
        ResolvedByHuman += other.ResolvedByHuman;
        Escalated += other.Escalated;
        DraftsApproved += other.DraftsApproved;
        DraftsEdited += other.DraftsEdited;
        DraftsRejected += other.DraftsRejected;
        SlaMet += other.SlaMet;
        SlaBreached += other.SlaBreached;
        CsatBotSum += other.CsatBotSum;
        CsatBotCount += other.CsatBotCount;
        CsatHumanSum += other.CsatHumanSum;
        CsatHumanCount += other.CsatHumanCount;
        AddReasons(other.Reasons);
        FirstResponses.Merge(other.FirstResponses);
    }

    private void AddReasons(IEnumerable<KeyValuePair<EscalationReason, long>> reasons)
    {
        foreach (var (reason, count) in reasons.ToArray())
        {
            var sum = Reasons.GetValueOrDefault(reason) + count;
            if (sum == 0)
            {
                Reasons.Remove(reason);
            }
            else
            {
                Reasons[reason] = sum;
            }
        }
    }
}
