using Hitl.Grains.Conversations;
using Hitl.Grains.Escalation;
using Hitl.Grains.Scoreboards;

namespace Hitl.Grains.Tests.Scoreboards;

public sealed class ScoreboardFormulasTests
{
    private static readonly DateTimeOffset T0 = ConversationBuilder.T0;

    private static ScoreboardView Compute(ScoreCounts counts, int waiting = 0, int agentsOnline = 0) =>
        ScoreboardFormulas.Compute(ScoreWindow.Day, T0.AddDays(-1), T0, counts, waiting, agentsOnline, 7);

    private static ScoreCounts Board(params ConversationBuilder[] conversations)
    {
        var counts = new ScoreCounts();
        foreach (var c in conversations)
        {
            counts.Apply(ScoreboardDelta.Between(null, c.Contribution)!);
        }

        return counts;
    }

    [Fact]
    public void EmptyBoard_HasNullRatesAndMeans()
    {
        var view = Compute(new ScoreCounts(), waiting: 3, agentsOnline: 2);

        Assert.Equal(0, view.ConversationsStarted);
        Assert.Null(view.ContainmentRate);
        Assert.Null(view.EscalationRate);
        Assert.Null(view.CsatBot);
        Assert.Null(view.CsatHuman);
        Assert.Equal(0, view.CsatResponses);
        Assert.Null(view.FirstHumanResponseP50Seconds);
        Assert.Null(view.FirstHumanResponseP90Seconds);
        Assert.Empty(view.EscalationsByReason);
        Assert.Equal((3, 2, 7L), (view.Waiting, view.AgentsOnline, view.Version));
        Assert.Equal((ScoreWindow.Day, T0.AddDays(-1), T0), (view.Window, view.From, view.To));
    }

    [Fact]
    public void Rates_FollowTheContract()
    {
        var view = Compute(new ScoreCounts
        {
            Started = 8,
            ResolvedByBot = 3,
            ResolvedByHuman = 1,
            Escalated = 2,
            CsatBotSum = 9,
            CsatBotCount = 2,
            CsatHumanSum = 4,
            CsatHumanCount = 1,
            DraftsApproved = 4,
            DraftsEdited = 5,
            DraftsRejected = 6,
            SlaMet = 7,
            SlaBreached = 1,
        });

        Assert.Equal(8, view.ConversationsStarted);
        Assert.Equal(0.75, view.ContainmentRate);
        Assert.Equal(0.25, view.EscalationRate);
        Assert.Equal(4.5, view.CsatBot);
        Assert.Equal(4.0, view.CsatHuman);
        Assert.Equal(3, view.CsatResponses);
        Assert.Equal((4, 5, 6), (view.DraftsApproved, view.DraftsEdited, view.DraftsRejected));
        Assert.Equal((7, 1), (view.SlaMet, view.SlaBreached));
    }

    [Fact]
    public void ContainmentRate_IsNullOnlyWhenNothingResolved()
    {
        Assert.Null(ScoreboardFormulas.ContainmentRate(0, 0));
        Assert.Equal(0.0, ScoreboardFormulas.ContainmentRate(0, 4));
        Assert.Equal(1.0, ScoreboardFormulas.ContainmentRate(4, 0));
        Assert.Null(ScoreboardFormulas.EscalationRate(0, 0));
        Assert.Equal(0.0, ScoreboardFormulas.EscalationRate(0, 5));
        Assert.Null(ScoreboardFormulas.Mean(0, 0));
        Assert.Equal(1.0, ScoreboardFormulas.Mean(1, 1));
    }

    [Fact]
    public void OneConversationEscalatingForTwoReasons_CountsOnceInTheRate_TwiceByReason()
    {
        var twoReasons = new ConversationBuilder(T0)
            .Escalate(T0, null, EscalationReason.NegativeSentiment, EscalationReason.SensitiveTopic)
            .Assign("ana", T0).Resolve(T0).Reopen(T0)
            .Escalate(T0, null, EscalationReason.NegativeSentiment);
        var botOnly = new ConversationBuilder(T0);

        var view = Compute(Board(twoReasons, botOnly));

        Assert.Equal(2, view.ConversationsStarted);
        Assert.Equal(1, view.Escalated);
        Assert.Equal(0.5, view.EscalationRate);
        Assert.Equal(2, view.EscalationsByReason.Sum(r => r.Count));
        Assert.True(view.EscalationsByReason.Sum(r => r.Count) > view.Escalated);

        var alone = Compute(Board(twoReasons));
        Assert.Equal(1.0, alone.EscalationRate);
        Assert.True(alone.EscalationRate <= 1);
    }

    [Fact]
    public void EscalationsByReason_NonZeroOnly_MostFrequentFirst_ThenEnumOrder()
    {
        var counts = new ScoreCounts
        {
            Reasons = new Dictionary<EscalationReason, long>
            {
                [EscalationReason.Manual] = 2,
                [EscalationReason.OutOfScope] = 0,
                [EscalationReason.Rule] = 5,
                [EscalationReason.LowConfidence] = 2,
                [EscalationReason.ExplicitRequest] = 5,
            },
        };

        Assert.Equal(
            [
                new ReasonCount(EscalationReason.ExplicitRequest, 5),
                new ReasonCount(EscalationReason.Rule, 5),
                new ReasonCount(EscalationReason.LowConfidence, 2),
                new ReasonCount(EscalationReason.Manual, 2),
            ],
            Compute(counts).EscalationsByReason);
    }

    [Fact]
    public void FirstResponsePercentiles_ComeFromTheHistogram()
    {
        var conversations = Enumerable.Range(1, 10).Select(i => new ConversationBuilder(T0)
            .Escalate(T0, null, EscalationReason.ExplicitRequest)
            .Say(Author.Bot, "please hold", T0.AddSeconds(1))
            .Assign("ana", T0).Say(Author.Agent, "hi", T0.AddSeconds(i * 10), "ana")).ToArray();

        var view = Compute(Board(conversations));
        Assert.Equal(50.0, view.FirstHumanResponseP50Seconds);
        Assert.Equal(90.0, view.FirstHumanResponseP90Seconds);
    }

    [Fact]
    public void Csat_IsSplitByWhetherAHumanTouchedTheConversation()
    {
        var bot = new ConversationBuilder(T0).Resolve(T0).Rate(5);
        var bot2 = new ConversationBuilder(T0).Resolve(T0).Rate(4);
        var human = new ConversationBuilder(T0).Escalate(T0, null, EscalationReason.Manual).Assign("ana", T0).Resolve(T0).Rate(1);
        var unrated = new ConversationBuilder(T0).Resolve(T0);

        var view = Compute(Board(bot, bot2, human, unrated));
        Assert.Equal(4.5, view.CsatBot);
        Assert.Equal(1.0, view.CsatHuman);
        Assert.Equal(3, view.CsatResponses);
        Assert.Equal(3, view.ResolvedByBot);
        Assert.Equal(1, view.ResolvedByHuman);
        Assert.Equal(0.75, view.ContainmentRate);
    }
}
