using Hitl.Grains.Common;
using Hitl.Grains.Tenants;

namespace Hitl.Grains.Tests.Domain;

public sealed class PolicyTests
{
    [Fact]
    public void Default_IsValid_AndReviewIsOff()
    {
        Policy.Default.Validate();
        Assert.Equal(Policy.Default.MinConfidence, Policy.Default.ReviewBelow);
        Assert.Contains(Policy.Default.SensitiveTopics, t => t.Name == "legal");
        Assert.Contains(Policy.Default.SensitiveTopics, t => t.Name == "medical");
        Assert.Contains(Policy.Default.SensitiveTopics, t => t.Name == "billing-dispute");
        Assert.Contains(Policy.Default.SensitiveTopics, t => t.Name == "account-deletion");
    }

    [Fact]
    public void Apply_ChangesOnlyGivenFields_AndBumpsVersion()
    {
        var next = Policy.Default.Apply(new PolicyPatch { SlaSeconds = 120, DefaultQueue = " tier1 " });
        Assert.Equal(Policy.Default.Version + 1, next.Version);
        Assert.Equal(120, next.SlaSeconds);
        Assert.Equal("tier1", next.DefaultQueue);
        Assert.Equal(Policy.Default.MinConfidence, next.MinConfidence);
        Assert.Equal(Policy.Default.SensitiveTopics, next.SensitiveTopics);
    }

    [Fact]
    public void Apply_MovingMinConfidence_KeepsReviewOff()
    {
        var next = Policy.Default.Apply(new PolicyPatch { MinConfidence = 0.3 });
        Assert.Equal(0.3, next.MinConfidence);
        Assert.Equal(0.3, next.ReviewBelow);
    }

    [Fact]
    public void Apply_RaisingReviewBelow_TurnsReviewOn()
    {
        var next = Policy.Default.Apply(new PolicyPatch { ReviewBelow = 0.6 });
        Assert.Equal(0.6, next.ReviewBelow);
        Assert.Equal(0.35, next.MinConfidence);
    }

    [Theory]
    [InlineData(1.5, null, null, null, null, null)]
    [InlineData(-0.1, null, null, null, null, null)]
    [InlineData(0.2, 0.3, null, null, null, null)]
    [InlineData(0.5, null, 0.4, null, null, null)]
    [InlineData(null, null, null, -1.5, null, null)]
    [InlineData(null, null, null, null, 0.0, null)]
    [InlineData(null, null, null, null, null, 0)]
    public void Apply_OutOfRange_IsBadInput(double? min, double? oos, double? review, double? sentiment, double? repeat, int? sla)
    {
        var patch = new PolicyPatch { MinConfidence = min, OutOfScopeBelow = oos, ReviewBelow = review, NegativeSentiment = sentiment, RepeatSimilarity = repeat, SlaSeconds = sla };
        var error = Assert.Throws<HitlException>(() => Policy.Default.Apply(patch));
        Assert.Equal(HitlErrorCodes.BadUserInput, error.Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("has space")]
    [InlineData("-starts-with-dash")]
    public void Apply_BadQueueName_IsBadInput(string queue)
    {
        Assert.Throws<HitlException>(() => Policy.Default.Apply(new PolicyPatch { DefaultQueue = queue }));
        Assert.Throws<HitlException>(() => Policy.Default.Apply(new PolicyPatch { SensitiveTopics = [new("t", ["x"], queue, 1)] }));
    }

    [Fact]
    public void Apply_TopicWithoutPhrasesOrBadPriority_IsBadInput()
    {
        Assert.Throws<HitlException>(() => Policy.Default.Apply(new PolicyPatch { SensitiveTopics = [new("t", [], "q", 1)] }));
        Assert.Throws<HitlException>(() => Policy.Default.Apply(new PolicyPatch { SensitiveTopics = [new("t", [" "], "q", 1)] }));
        Assert.Throws<HitlException>(() => Policy.Default.Apply(new PolicyPatch { SensitiveTopics = [new("t", ["x"], "q", 11)] }));
        Assert.Throws<HitlException>(() => Policy.Default.Apply(new PolicyPatch { AmountRules = [new("r", ["refund"], -1, "q", 1)] }));
        Assert.Throws<HitlException>(() => Policy.Default.Apply(new PolicyPatch { AmountRules = [new("r", ["refund"], 10, "q", 1), new("R", ["x"], 10, "q", 1)] }));
    }

    [Fact]
    public void Apply_ListsReplaceTheWholeList()
    {
        var next = Policy.Default.Apply(new PolicyPatch { SensitiveTopics = [new(" vip ", [" ceo "], "vip", 5)] });
        var topic = Assert.Single(next.SensitiveTopics);
        Assert.Equal("vip", topic.Name);
        Assert.Equal(["ceo"], topic.Phrases);
        Assert.Equal(Policy.Default.AmountRules, next.AmountRules);
    }
}
