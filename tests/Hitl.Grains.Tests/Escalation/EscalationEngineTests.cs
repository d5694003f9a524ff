using Hitl.Grains.Escalation;
using Hitl.Grains.Knowledge;
using Hitl.Grains.Tenants;

namespace Hitl.Grains.Tests.Escalation;

public sealed class EscalationEngineTests
{
    private static readonly EscalationEngine Engine = EscalationEngine.CreateDefault();
    private static readonly BotAnswer Confident = new("Right-click the folder and choose Share.", 0.9, ["share-folder"]);

    private static EscalationContext Message(string text, BotAnswer? answer = null, Policy? policy = null, double sentiment = 0, double? running = null, IReadOnlyList<string>? answered = null) =>
        new(text, sentiment, running, answered ?? [], answer, policy ?? Policy.Default) { BotConsulted = answer is not null };

    [Fact]
    public void ConfidentAnswer_WithNothingElse_IsAnswered()
    {
        var decision = Engine.Decide(Message("how do I share a folder?", Confident));
        Assert.Equal(EscalationDecisionKind.Answer, decision.Kind);
        Assert.Empty(decision.Reasons);
    }

    [Fact]
    public void ExplicitRequest_WinsOverAConfidentAnswer_AndTheBotIsNotAsked()
    {
        var context = Message("can I talk to a human please, how do I share a folder?");
        var early = Engine.EvaluateMessage(context);
        Assert.NotNull(early);
        Assert.Equal(EscalationDecisionKind.Escalate, early.Kind);
        Assert.Contains(early.Reasons, r => r.Reason == EscalationReason.ExplicitRequest);

        var withAnswer = Engine.Decide(context with { Answer = Confident, BotConsulted = true });
        Assert.Equal(EscalationDecisionKind.Escalate, withAnswer.Kind);
    }

    [Fact]
    public void SeveralReasons_AreAllRecorded_AndTheMostUrgentRoutedQueueWins()
    {
        var policy = Policy.Default.Apply(new PolicyPatch
        {
            SensitiveTopics = [new("legal", ["lawyer"], "legal", 3), new("billing-dispute", ["charged twice"], "billing", 2)],
        });
        var decision = Engine.Decide(Message("You charged me twice and my lawyer will call you. I want a human now!", Confident, policy, sentiment: -0.8));

        Assert.Equal(EscalationDecisionKind.Escalate, decision.Kind);
        Assert.Contains(decision.Reasons, r => r.Reason == EscalationReason.ExplicitRequest);
        Assert.Contains(decision.Reasons, r => r.Reason == EscalationReason.SensitiveTopic);
        Assert.Contains(decision.Reasons, r => r.Reason == EscalationReason.NegativeSentiment);
        Assert.Equal("legal", decision.Queue);
        Assert.Equal(3, decision.Priority);
    }

    [Fact]
    public void NoRoutedReason_GoesToTheDefaultQueue()
    {
        var policy = Policy.Default.Apply(new PolicyPatch { DefaultQueue = "tier1" });
        var decision = Engine.Decide(Message("agent", policy: policy));
        Assert.Equal("tier1", decision.Queue);
    }

    [Theory]
    [InlineData(0.05, EscalationReason.OutOfScope)]
    [InlineData(0.14, EscalationReason.OutOfScope)]
    [InlineData(0.15, EscalationReason.LowConfidence)]
    [InlineData(0.34, EscalationReason.LowConfidence)]
    public void WeakAnswers_Escalate_WithTheRightReasonAndScore(double confidence, EscalationReason reason)
    {
        var decision = Engine.Decide(Message("what about the thing?", new BotAnswer("...", confidence, [])));
        Assert.Equal(EscalationDecisionKind.Escalate, decision.Kind);
        var trigger = Assert.Single(decision.Reasons);
        Assert.Equal(reason, trigger.Reason);
        Assert.Equal(confidence, trigger.Score);
    }

    [Fact]
    public void NoAnswerAtAll_EscalatesAsLowConfidence()
    {
        var decision = Engine.DecideWithAnswer(new EscalationContext("hello there", 0, null, [], null, Policy.Default) { BotConsulted = true });
        Assert.Equal(EscalationDecisionKind.Escalate, decision.Kind);
        Assert.Equal(EscalationReason.LowConfidence, Assert.Single(decision.Reasons).Reason);
    }

    [Theory]
    [InlineData(0.35, EscalationDecisionKind.Draft)]
    [InlineData(0.59, EscalationDecisionKind.Draft)]
    [InlineData(0.60, EscalationDecisionKind.Answer)]
    [InlineData(0.95, EscalationDecisionKind.Answer)]
    public void WithReviewOn_AnswersBelowReviewBelow_AreHeldAsDrafts(double confidence, EscalationDecisionKind expected)
    {
        var policy = Policy.Default.Apply(new PolicyPatch { ReviewBelow = 0.6 });
        var decision = Engine.Decide(Message("how do I share a folder?", new BotAnswer("...", confidence, ["share-folder"]), policy));
        Assert.Equal(expected, decision.Kind);
    }

    [Fact]
    public void WithReviewOff_NothingIsEverADraft()
    {
        var decision = Engine.Decide(Message("how do I share a folder?", new BotAnswer("...", Policy.Default.MinConfidence, ["share-folder"])));
        Assert.Equal(EscalationDecisionKind.Answer, decision.Kind);
    }

    [Fact]
    public void AskingAgain_WhatTheBotAnswered_IsARepeatedFailure()
    {
        var decision = Engine.Decide(Message("that didn't help. how do I share a folder?", Confident, answered: ["how do I share a folder?"]));
        Assert.Equal(EscalationDecisionKind.Escalate, decision.Kind);
        var trigger = Assert.Single(decision.Reasons, r => r.Reason == EscalationReason.RepeatedFailure);
        Assert.True(trigger.Score >= Policy.Default.RepeatSimilarity);
    }

    [Fact]
    public void ADifferentFollowUp_IsNotARepeat()
    {
        var decision = Engine.Decide(Message("and how do I turn on two-step verification?", Confident, answered: ["how do I share a folder?"]));
        Assert.Equal(EscalationDecisionKind.Answer, decision.Kind);
    }

    [Fact]
    public void AmountRule_FiresAboveTheThresholdOnly()
    {
        var above = Engine.Decide(Message("I need a refund of $249 for the annual plan", Confident));
        var rule = Assert.Single(above.Reasons, r => r.Reason == EscalationReason.Rule);
        Assert.Equal(249, rule.Score);
        Assert.Equal("billing", above.Queue);

        Assert.Equal(EscalationDecisionKind.Answer, Engine.Decide(Message("can I get a refund of $9.99?", Confident)).Kind);
        Assert.Equal(EscalationDecisionKind.Answer, Engine.Decide(Message("can I get a refund of $100?", Confident)).Kind);
    }

    [Fact]
    public void NegativeSentiment_AtTheThreshold_Escalates_AndJustAboveDoesNot()
    {
        var at = Engine.Decide(Message("hmm", Confident, sentiment: Policy.Default.NegativeSentiment));
        Assert.Contains(at.Reasons, r => r.Reason == EscalationReason.NegativeSentiment);
        Assert.Equal(EscalationDecisionKind.Answer, Engine.Decide(Message("hmm", Confident, sentiment: Policy.Default.NegativeSentiment + 0.01)).Kind);
    }
}
