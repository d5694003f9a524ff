using Hitl.Grains.Conversations;
using Hitl.Grains.Escalation;
using Hitl.Grains.Queues;
using Hitl.Grains.Scoreboards;

namespace Hitl.Grains.Tests.Scoreboards;

public sealed class ConversationContributionTests
{
    private static readonly DateTimeOffset T0 = ConversationBuilder.T0;

    [Fact]
    public void Of_NotStarted_IsNull() =>
        Assert.Null(ConversationContribution.Of(new ConversationState()));

    [Fact]
    public void Of_FreshConversation_ContributesOnlyItsStart()
    {
        var c = new ConversationBuilder(T0).Say(Author.Customer, "hi", T0).Say(Author.Bot, "hello", T0.AddSeconds(1)).Contribution;

        Assert.Equal(T0, c.StartedAt);
        Assert.False(c.Escalated);
        Assert.False(c.HumanInvolved);
        Assert.False(c.ResolvedByBot);
        Assert.False(c.ResolvedByHuman);
        Assert.Empty(c.Reasons);
        Assert.Empty(c.FirstResponses);
        Assert.Null(c.Csat);
    }

    [Fact]
    public void BotReplyAfterEscalation_DoesNotStopTheFirstResponseClock()
    {
        var escalatedAt = T0.AddSeconds(10);
        var b = new ConversationBuilder(T0)
            .Say(Author.Customer, "I want a person", T0.AddSeconds(9))
            .Escalate(escalatedAt, null, EscalationReason.ExplicitRequest)
            .Say(Author.Bot, "someone will be with you shortly", escalatedAt.AddSeconds(5))
            .Say(Author.Bot, "still looking for someone", escalatedAt.AddSeconds(20));

        Assert.Empty(b.Contribution.FirstResponses);

        b.Assign("ana", escalatedAt.AddSeconds(30)).Say(Author.Agent, "Hi, Ana here", escalatedAt.AddSeconds(42), "ana");
        var response = Assert.Single(b.Contribution.FirstResponses);
        Assert.Equal("e1", response.EscalationId);
        Assert.Equal(42, response.Seconds);
    }

    [Fact]
    public void FirstResponses_OnePerAnsweredEscalation()
    {
        var c = new ConversationBuilder(T0)
            .Escalate(T0, null, EscalationReason.LowConfidence).Assign("ana", T0).Say(Author.Agent, "hi", T0.AddSeconds(7), "ana")
            .Resolve(T0.AddMinutes(1)).Reopen(T0.AddMinutes(2))
            .Escalate(T0.AddMinutes(3), null, EscalationReason.NegativeSentiment)
            .Contribution;

        var response = Assert.Single(c.FirstResponses);
        Assert.Equal(("e1", 7.0), (response.EscalationId, response.Seconds));
    }

    [Fact]
    public void Reasons_AreDistinctOverAllEscalations_AndSorted()
    {
        var c = new ConversationBuilder(T0)
            .Escalate(T0, null, EscalationReason.SensitiveTopic, EscalationReason.NegativeSentiment)
            .Assign("ana", T0).Resolve(T0).Reopen(T0)
            .Escalate(T0, null, EscalationReason.NegativeSentiment, EscalationReason.LowConfidence)
            .Contribution;

        Assert.Equal([EscalationReason.LowConfidence, EscalationReason.NegativeSentiment, EscalationReason.SensitiveTopic], c.Reasons);
        Assert.True(c.Escalated);
    }

    [Fact]
    public void ResolvedWithoutHuman_IsResolvedByBot()
    {
        var c = new ConversationBuilder(T0).Say(Author.Customer, "hi", T0).Resolve(T0.AddMinutes(1)).Contribution;
        Assert.True(c.ResolvedByBot);
        Assert.False(c.ResolvedByHuman);
    }

    [Fact]
    public void ADraftReview_InvolvesAHuman_WithoutEscalating()
    {
        var c = new ConversationBuilder(T0)
            .Review(DraftDecision.Approve, T0).Review(DraftDecision.Edit, T0).Review(DraftDecision.Edit, T0).Review(DraftDecision.Reject, T0)
            .Resolve(T0.AddMinutes(1))
            .Contribution;

        Assert.False(c.Escalated);
        Assert.True(c.HumanInvolved);
        Assert.False(c.ResolvedByBot);
        Assert.True(c.ResolvedByHuman);
        Assert.Equal((1, 2, 1), (c.DraftsApproved, c.DraftsEdited, c.DraftsRejected));
    }

    [Fact]
    public void Reopened_IsNotResolvedUntilResolvedAgain()
    {
        var b = new ConversationBuilder(T0).Resolve(T0.AddMinutes(1)).Reopen(T0.AddMinutes(2));
        Assert.False(b.Contribution.ResolvedByBot);
        Assert.False(b.Contribution.ResolvedByHuman);

        b.Resolve(T0.AddMinutes(3));
        Assert.True(b.Contribution.ResolvedByBot);
    }

    [Fact]
    public void Sla_AnsweredInTime_IsMet_AnsweredLateOrMarkedBreached_IsBreached_WaitingIsNeither()
    {
        var sla = TimeSpan.FromMinutes(5);

        var waiting = new ConversationBuilder(T0).Escalate(T0, sla, EscalationReason.ExplicitRequest).Contribution;
        Assert.Equal((0, 0), (waiting.SlaMet, waiting.SlaBreached));

        var exactlyOnTime = new ConversationBuilder(T0).Escalate(T0, sla, EscalationReason.ExplicitRequest)
            .Assign("ana", T0).Say(Author.Agent, "hi", T0 + sla, "ana").Contribution;
        Assert.Equal((1, 0), (exactlyOnTime.SlaMet, exactlyOnTime.SlaBreached));

        var late = new ConversationBuilder(T0).Escalate(T0, sla, EscalationReason.ExplicitRequest)
            .Assign("ana", T0).Say(Author.Agent, "hi", T0 + sla + TimeSpan.FromSeconds(1), "ana").Contribution;
        Assert.Equal((0, 1), (late.SlaMet, late.SlaBreached));

        var markedThenAnswered = new ConversationBuilder(T0).Escalate(T0, sla, EscalationReason.ExplicitRequest)
            .Breach().Assign("ana", T0).Say(Author.Agent, "hi", T0 + sla, "ana").Contribution;
        Assert.Equal((0, 1), (markedThenAnswered.SlaMet, markedThenAnswered.SlaBreached));

        var markedStillWaiting = new ConversationBuilder(T0).Escalate(T0, sla, EscalationReason.ExplicitRequest).Breach().Contribution;
        Assert.Equal((0, 1), (markedStillWaiting.SlaMet, markedStillWaiting.SlaBreached));

        var noSla = new ConversationBuilder(T0).Escalate(T0, null, EscalationReason.ExplicitRequest)
            .Assign("ana", T0).Say(Author.Agent, "hi", T0.AddHours(5), "ana").Contribution;
        Assert.Equal((0, 0), (noSla.SlaMet, noSla.SlaBreached));
    }
}
