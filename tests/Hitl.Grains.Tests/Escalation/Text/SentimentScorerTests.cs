using Hitl.Grains.Escalation.Text;

namespace Hitl.Grains.Tests.Escalation.Text;

public sealed class SentimentScorerTests
{
    private static readonly SentimentScorer Scorer = new();

    [Theory]
    [InlineData("This is RIDICULOUS. Your app lost my files and nobody is helping me!!!")]
    [InlineData("it still doesn't work, this is useless and I'm really fed up")]
    [InlineData("worst service ever, I'm furious")]
    [InlineData("I've been waiting for days, this is unacceptable")]
    [InlineData("your checkout is broken AGAIN and I am sick of it")]
    [InlineData("this is a complete waste of time, absolutely pathetic")]
    public void AngryMessages_AreAtOrBelowTheDefaultThreshold(string text)
    {
        Assert.True(Scorer.Score(text) <= -0.5, $"{text}: {Scorer.Score(text)}");
    }

    [Theory]
    [InlineData("my desktop client hasn't synced anything since yesterday")]
    [InlineData("I deleted a folder by mistake last week, can I get it back?")]
    [InlineData("my card expired, how do I put a new one in?")]
    [InlineData("how do I reset my password")]
    [InlineData("the export seems a bit slow today")]
    [InlineData("I want to dispute a charge from last month, I never used the service")]
    public void NeutralOrMildMessages_StayAboveTheThreshold(string text)
    {
        var score = Scorer.Score(text);
        Assert.True(score > -0.5, $"{text}: {score}");
        Assert.True(score <= 0.1, $"{text}: {score}");
    }

    [Theory]
    [InlineData("thanks! one more thing, how do I make a folder available offline?")]
    [InlineData("thank you so much, that worked")]
    [InlineData("great, that was really helpful")]
    [InlineData("not bad at all")]
    public void ThanksAndPraise_ArePositive(string text)
    {
        Assert.True(Scorer.Score(text) > 0, $"{text}: {Scorer.Score(text)}");
    }

    [Fact]
    public void Negation_Flips()
    {
        Assert.True(Scorer.Score("I am happy with it") > 0);
        Assert.True(Scorer.Score("I am not happy with it") < 0);
    }

    [Fact]
    public void IntensifiersCapitalsAndExclamations_Strengthen()
    {
        var plain = Scorer.Score("this is annoying");
        Assert.True(Scorer.Score("this is really annoying") < plain);
        Assert.True(Scorer.Score("this is ANNOYING") < plain);
        Assert.True(Scorer.Score("this is annoying!!!") < plain);
        Assert.True(Scorer.Score("this is a bit annoying") > plain);
    }

    [Fact]
    public void But_ShiftsWeightToWhatFollows()
    {
        Assert.True(Scorer.Score("the app is great but the sync is terrible") < 0);
        Assert.True(Scorer.Score("the sync was terrible but support was great") > 0);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("???")]
    [InlineData("🙂🙂")]
    public void NoWords_IsNeutral(string text)
    {
        Assert.Equal(0, Scorer.Score(text));
    }

    [Fact]
    public void ScoresStayWithinBounds()
    {
        var furious = string.Join(' ', Enumerable.Repeat("TERRIBLE USELESS WORST!!!", 50));
        var delighted = string.Join(' ', Enumerable.Repeat("thank you, great, perfect, amazing!", 50));
        Assert.InRange(Scorer.Score(furious), -1, -0.9);
        Assert.InRange(Scorer.Score(delighted), 0.9, 1);
    }

    [Fact]
    public void Tracker_AveragesAndSpotsSharpDrops()
    {
        Assert.Equal(0.4, SentimentTracker.Update(null, 0.4));
        Assert.Equal(0.0, SentimentTracker.Update(0.4, -0.4), 6);
        Assert.True(SentimentTracker.IsSharpDrop(0.3, -0.4));
        Assert.False(SentimentTracker.IsSharpDrop(0.3, -0.2));
        Assert.False(SentimentTracker.IsSharpDrop(-0.6, -0.7));
    }
}
