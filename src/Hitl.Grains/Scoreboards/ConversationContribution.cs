using Hitl.Grains.Conversations;
using Hitl.Grains.Escalation;
using Hitl.Grains.Queues;

namespace Hitl.Grains.Scoreboards;

/// <summary>
/// What ONE conversation contributes to its tenant's scoreboard right now. The board keeps the
/// last contribution it saw of each conversation and adds the difference
/// (<see cref="ScoreboardDelta.Between"/>), so a conversation that changes its mind (resolved by
/// the bot, reopened, escalated, resolved by a human) moves between counters instead of being
/// counted twice.
/// </summary>
[GenerateSerializer, Immutable, Alias("hitl.ConversationContribution")]
public sealed record ConversationContribution(
    [property: Id(0)] DateTimeOffset StartedAt,
    [property: Id(1)] bool Escalated,
    [property: Id(2)] bool HumanInvolved,
    [property: Id(3)] bool ResolvedByBot,
    [property: Id(4)] bool ResolvedByHuman,
    [property: Id(5)] IReadOnlyList<EscalationReason> Reasons,
    [property: Id(6)] int DraftsApproved,
    [property: Id(7)] int DraftsEdited,
    [property: Id(8)] int DraftsRejected,
    [property: Id(9)] int SlaMet,
    [property: Id(10)] int SlaBreached,
    [property: Id(11)] int? Csat,
    [property: Id(12)] IReadOnlyList<FirstResponse> FirstResponses)
{
    /// <summary>
    /// Reads a conversation's contribution from its state; null while it has not started.
    /// <list type="bullet">
    /// <item><see cref="Escalated"/>: escalated at least once (a conversation that reopens and escalates counts).</item>
    /// <item><see cref="HumanInvolved"/>: escalated at least once, or a human reviewed one of its drafts.</item>
    /// <item><see cref="ResolvedByBot"/> / <see cref="ResolvedByHuman"/>: resolved now, split by
    /// <see cref="HumanInvolved"/>; a reopened conversation is not resolved until it is resolved again.</item>
    /// <item><see cref="Reasons"/>: the distinct reasons over all its escalations, in enum order.</item>
    /// <item><see cref="SlaMet"/>: escalations with a due time answered by it and not marked breached;
    /// <see cref="SlaBreached"/>: escalations with a due time marked breached or answered after it.
    /// An escalation still waiting within its SLA counts in neither.</item>
    /// <item><see cref="FirstResponses"/>: per answered escalation, the seconds from the escalation to
    /// <see cref="EscalationRecord.FirstHumanResponseAt"/>, which only an AGENT message sets, so bot
    /// messages never stop that clock.</item>
    /// </list>
    /// </summary>
    public static ConversationContribution? Of(ConversationState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!state.Started)
        {
            return null;
        }

        var archived = state.Archived;
        var escalated = state.Escalations.Count > 0 || archived.Escalations > 0;
        var humanInvolved = escalated || state.Reviews.Count > 0 || archived.Reviews > 0;
        var resolved = state.Ownership.Status == ConversationStatus.Resolved;

        var reasons = state.Escalations
            .SelectMany(e => e.Reasons)
            .Select(t => t.Reason)
            .Concat(archived.Reasons)
            .Distinct()
            .Order()
            .ToArray();

        int slaMet = archived.SlaMet, slaBreached = archived.SlaBreached;
        foreach (var e in state.Escalations)
        {
            var (met, breached) = ArchivedHistory.SlaOutcome(e);
            slaMet += met;
            slaBreached += breached;
        }

        var firstResponses = state.Escalations
            .Where(e => e.FirstHumanResponseAt is not null)
            .Select(e => new FirstResponse(e.Id, (e.FirstHumanResponseAt!.Value - e.At).TotalSeconds))
            .ToArray();

        return new ConversationContribution(
            state.CreatedAt,
            escalated,
            humanInvolved,
            resolved && !humanInvolved,
            resolved && humanInvolved,
            reasons,
            archived.DraftsApproved + state.Reviews.Count(r => r.Decision == DraftDecision.Approve),
            archived.DraftsEdited + state.Reviews.Count(r => r.Decision == DraftDecision.Edit),
            archived.DraftsRejected + state.Reviews.Count(r => r.Decision == DraftDecision.Reject),
            slaMet,
            slaBreached,
            state.Csat,
            firstResponses);
    }
}
