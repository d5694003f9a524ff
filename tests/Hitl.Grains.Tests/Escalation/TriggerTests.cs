using Hitl.Grains.Escalation;
using Hitl.Grains.Escalation.Text;
using Hitl.Grains.Escalation.Triggers;
using Hitl.Grains.Knowledge;
using Hitl.Grains.Tenants;

namespace Hitl.Grains.Tests.Escalation;

/// <summary>Each trigger on its own: fires, does not fire, negated, and the edges of its threshold.</summary>
public sealed class TriggerTests
{
    private static EscalationContext Context(string text, double sentiment = 0, double? running = null, BotAnswer? answer = null, Policy? policy = null, params string[] answered) =>
        new(text, sentiment, running, answered, answer, policy ?? Policy.Default);

    [Theory]
    [InlineData("can I talk to a human please", true)]
    [InlineData("agent", true)]
    [InlineData("no need for a human, just tell me how to share a folder", false)]
    [InlineData("how do I share a folder?", false)]
    public void ExplicitRequest(string text, bool fires)
    {
        var hit = new ExplicitRequestTrigger(new ExplicitRequestDetector()).Evaluate(Context(text));
        Assert.Equal(fires, hit is not null);
        if (hit is not null)
        {
            Assert.Equal(EscalationReason.ExplicitRequest, hit.Trigger.Reason);
            Assert.Null(hit.Queue);
        }
    }

    [Fact]
    public void SensitiveTopic_RoutesToTheMostUrgentMatchingTopic()
    {
        var policy = Policy.Default.Apply(new PolicyPatch
        {
            SensitiveTopics = [new("billing-dispute", ["charged twice"], "billing", 2), new("legal", ["lawyer"], "legal", 3)],
        });
        var trigger = new SensitiveTopicTrigger(new PhraseMatcher());

        var both = trigger.Evaluate(Context("you charged me twice and my lawyer knows", policy: policy));
        Assert.Equal("legal", both!.Queue);
        Assert.Equal(3, both.Priority);
        Assert.Contains("lawyer", both.Trigger.Detail, StringComparison.Ordinal);

        Assert.Equal("billing", trigger.Evaluate(Context("you charged me twice", policy: policy))!.Queue);
        Assert.Null(trigger.Evaluate(Context("how do I share a folder", policy: policy)));
        Assert.Null(trigger.Evaluate(Context("my lawyer", policy: Policy.Default.Apply(new PolicyPatch { SensitiveTopics = [] }))));
    }

    [Theory]
    [InlineData("I need a refund of $249", true, 249)]
    [InlineData("I want my money back, it was 120 dollars", true, 120)]
    [InlineData("refund of £100.01", true, 100.01)]
    [InlineData("refund of $100", false, 0)]
    [InlineData("can I get a refund of $9.99?", false, 0)]
    [InlineData("the plan costs $249, how do I upgrade?", false, 0)]
    [InlineData("I need a refund", false, 0)]
    public void AmountRule_FiresOnlyAboveTheThresholdWithAPhrase(string text, bool fires, double amount)
    {
        var hit = new AmountRuleTrigger(new PhraseMatcher(), new AmountExtractor()).Evaluate(Context(text));
        Assert.Equal(fires, hit is not null);
        if (hit is not null)
        {
            Assert.Equal(EscalationReason.Rule, hit.Trigger.Reason);
            Assert.Equal(amount, hit.Trigger.Score!.Value, 6);
            Assert.Equal("billing", hit.Queue);
        }
    }

    [Theory]
    [InlineData(-0.5, null, true)]
    [InlineData(-0.49, null, false)]
    [InlineData(-0.35, 0.4, true)]
    [InlineData(-0.35, 0.2, false)]
    [InlineData(-0.2, 0.9, false)]
    public void NegativeSentiment_AtTheThresholdOrASharpDrop(double score, double? running, bool fires)
    {
        var hit = new NegativeSentimentTrigger().Evaluate(Context("...", score, running));
        Assert.Equal(fires, hit is not null);
        if (hit is not null)
        {
            Assert.Equal(score, hit.Trigger.Score);
        }
    }

    [Fact]
    public void RepeatedFailure_ComparesWithEveryAnsweredQuestion()
    {
        var trigger = new RepeatedFailureTrigger(new QuestionSimilarity());
        var hit = trigger.Evaluate(Context("still, my desktop app is not syncing my files", answered: ["how do I share a folder?", "my desktop app isn't syncing"]));
        Assert.NotNull(hit);
        Assert.Contains("desktop app", hit.Trigger.Detail, StringComparison.Ordinal);
        Assert.Null(trigger.Evaluate(Context("and how do I turn on two-step verification?", answered: ["how do I share a folder?"])));
        Assert.Null(trigger.Evaluate(Context("how do I share a folder?")));

        var strict = Policy.Default.Apply(new PolicyPatch { RepeatSimilarity = 1.0 });
        Assert.Null(trigger.Evaluate(Context("still, my desktop app is not syncing my files", policy: strict, answered: ["my desktop app isn't syncing"])));
    }

    [Theory]
    [InlineData(0.0, EscalationReason.OutOfScope)]
    [InlineData(0.149, EscalationReason.OutOfScope)]
    [InlineData(0.15, EscalationReason.LowConfidence)]
    [InlineData(0.349, EscalationReason.LowConfidence)]
    public void Confidence_BelowTheThresholds(double confidence, EscalationReason reason)
    {
        var hit = new ConfidenceTrigger().Evaluate(Context("q", answer: new BotAnswer("a", confidence, [])));
        Assert.Equal(reason, hit!.Trigger.Reason);
    }

    [Fact]
    public void Confidence_AtMinConfidence_DoesNotFire()
    {
        Assert.Null(new ConfidenceTrigger().Evaluate(Context("q", answer: new BotAnswer("a", 0.35, ["x"]))));
    }
}
