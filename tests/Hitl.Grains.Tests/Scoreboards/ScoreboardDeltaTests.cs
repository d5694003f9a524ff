using Hitl.Grains.Conversations;
using Hitl.Grains.Escalation;
using Hitl.Grains.Queues;
using Hitl.Grains.Scoreboards;

namespace Hitl.Grains.Tests.Scoreboards;

public sealed class ScoreboardDeltaTests
{
    private static readonly DateTimeOffset T0 = ConversationBuilder.T0;

    [Fact]
    public void Between_NewConversation_CountsItsStart()
    {
        var d = ScoreboardDelta.Between(null, new ConversationBuilder(T0).Contribution)!;
        Assert.Equal(1, d.Started);
        Assert.Equal(T0, d.StartedAt);
        Assert.Equal(0, d.Escalated);
        Assert.Empty(d.Reasons);
        Assert.Empty(d.NewFirstResponses);
    }

    [Fact]
    public void Between_NothingTheBoardCountsChanged_IsNull()
    {
        var b = new ConversationBuilder(T0).Escalate(T0, null, EscalationReason.LowConfidence).Assign("ana", T0).Say(Author.Agent, "hi", T0.AddSeconds(3), "ana");
        var before = b.Contribution;
        b.Say(Author.Customer, "thanks", T0.AddSeconds(9)).Say(Author.Agent, "you're welcome", T0.AddSeconds(12), "ana");

        Assert.Null(ScoreboardDelta.Between(before, b.Contribution));
        Assert.Null(ScoreboardDelta.Between(before, before));
    }

    [Fact]
    public void Between_CountsEachFirstResponseOnce()
    {
        var b = new ConversationBuilder(T0).Escalate(T0, null, EscalationReason.LowConfidence).Assign("ana", T0);
        var queued = b.Contribution;
        b.Say(Author.Agent, "hi", T0.AddSeconds(3), "ana");
        var answered = b.Contribution;
        b.Rate(5);

        Assert.Equal([3.0], ScoreboardDelta.Between(queued, answered)!.NewFirstResponses);
        Assert.Empty(ScoreboardDelta.Between(answered, b.Contribution)!.NewFirstResponses);
    }

    [Fact]
    public void Between_KeepsOnlyReasonsThatChanged()
    {
        var b = new ConversationBuilder(T0).Escalate(T0, null, EscalationReason.LowConfidence).Assign("ana", T0).Resolve(T0).Reopen(T0);
        var before = b.Contribution;
        b.Escalate(T0, null, EscalationReason.LowConfidence, EscalationReason.Rule);

        var d = ScoreboardDelta.Between(before, b.Contribution)!;
        Assert.Equal(new Dictionary<EscalationReason, long> { [EscalationReason.Rule] = 1 }, d.Reasons);
        Assert.Equal(0, d.Escalated);
        Assert.Equal(0, d.Started);
    }

    [Fact]
    public void Reopened_ResolvedByBotThenByHuman_MovesBetweenCounters_AndCsatFollows()
    {
        var b = new ConversationBuilder(T0).Say(Author.Customer, "hi", T0).Say(Author.Bot, "hello", T0.AddSeconds(1));
        var board = new ScoreCounts();
        ConversationContribution? seen = null;

        void Observe()
        {
            var now = b.Contribution;
            if (ScoreboardDelta.Between(seen, now) is { } delta)
            {
                board.Apply(delta);
            }

            seen = now;
        }

        Observe();
        b.Resolve(T0.AddMinutes(1)).Rate(5);
        Observe();
        Assert.Equal((1, 0), (board.ResolvedByBot, board.ResolvedByHuman));
        Assert.Equal((5, 1, 0, 0), (board.CsatBotSum, board.CsatBotCount, board.CsatHumanSum, board.CsatHumanCount));

        b.Reopen(T0.AddMinutes(2));
        var reopened = b.Contribution;
        Observe();
        Assert.Equal((0, 0), (board.ResolvedByBot, board.ResolvedByHuman));

        b.Escalate(T0.AddMinutes(3), TimeSpan.FromMinutes(5), EscalationReason.ExplicitRequest);
        var escalated = ScoreboardDelta.Between(reopened, b.Contribution)!;
        Assert.Equal((-5, -1, 5, 1), (escalated.CsatBotSum, escalated.CsatBotCount, escalated.CsatHumanSum, escalated.CsatHumanCount));
        Observe();

        b.Assign("ana", T0.AddMinutes(4)).Say(Author.Agent, "hi", T0.AddMinutes(4), "ana");
        Observe();
        var beforeResolve = b.Contribution;
        b.Resolve(T0.AddMinutes(6)).Rate(2);
        var last = ScoreboardDelta.Between(beforeResolve, b.Contribution)!;
        Assert.Equal((0, 1), (last.ResolvedByBot, last.ResolvedByHuman));
        Assert.Equal((-3, 0), (last.CsatHumanSum, last.CsatHumanCount));
        Observe();

        var view = ScoreboardFormulas.Compute(ScoreWindow.All, T0, T0.AddHours(1), board, 0, 0, 1);
        Assert.Equal(1, view.ConversationsStarted);
        Assert.Equal(0, view.ResolvedByBot);
        Assert.Equal(1, view.ResolvedByHuman);
        Assert.Equal(1, view.Escalated);
        Assert.Equal(0.0, view.ContainmentRate);
        Assert.Equal(1.0, view.EscalationRate);
        Assert.Null(view.CsatBot);
        Assert.Equal(2.0, view.CsatHuman);
        Assert.Equal(1, view.CsatResponses);
        Assert.Equal([new ReasonCount(EscalationReason.ExplicitRequest, 1)], view.EscalationsByReason);
        Assert.Equal(60.0, view.FirstHumanResponseP50Seconds);
        Assert.Equal((1, 0), (view.SlaMet, view.SlaBreached));
    }

    [Fact]
    public void DraftReviews_AreCountedOnce_AndMoveCsatToHuman()
    {
        var b = new ConversationBuilder(T0).Rate(4);
        var rated = b.Contribution;
        b.Review(DraftDecision.Reject, T0);

        var d = ScoreboardDelta.Between(rated, b.Contribution)!;
        Assert.Equal((0, 0, 1), (d.DraftsApproved, d.DraftsEdited, d.DraftsRejected));
        Assert.Equal((-4, -1, 4, 1), (d.CsatBotSum, d.CsatBotCount, d.CsatHumanSum, d.CsatHumanCount));
        Assert.Equal(0, d.Escalated);
    }
}
