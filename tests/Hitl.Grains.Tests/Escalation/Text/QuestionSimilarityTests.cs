using Hitl.Grains.Escalation.Text;

namespace Hitl.Grains.Tests.Escalation.Text;

public sealed class QuestionSimilarityTests
{
    private static readonly QuestionSimilarity Similarity = new();

    [Theory]
    [InlineData("how do I share a folder?", "that didn't help. how do I share a folder?")]
    [InlineData("my desktop app isn't syncing", "still, my desktop app is not syncing my files")]
    [InlineData("how do I export my invoices", "again: how can I export invoices?")]
    [InlineData("where do I change my billing address", "I still can't find where to change the billing address")]
    public void TheSameQuestionAgain_IsAtLeastTheDefaultThreshold(string first, string again)
    {
        Assert.True(Similarity.Similarity(first, again) >= 0.8, $"{Similarity.Similarity(first, again)}");
    }

    [Theory]
    [InlineData("how do I share a folder?", "and how do I turn on two-step verification?")]
    [InlineData("how do I upgrade to Pro?", "and how much storage will I have then?")]
    [InlineData("how do I reset my password", "how do I reset my 2FA")]
    [InlineData("how do I share a folder?", "folder?")]
    [InlineData("how do I export my invoices", "thanks!")]
    public void ADifferentQuestion_IsBelowTheDefaultThreshold(string first, string next)
    {
        Assert.True(Similarity.Similarity(first, next) < 0.8, $"{Similarity.Similarity(first, next)}");
    }

    [Fact]
    public void IsSymmetric_AndBounded()
    {
        var a = "my phone app keeps crashing on start";
        var b = "the app crashes when I start it on my phone";
        Assert.Equal(Similarity.Similarity(a, b), Similarity.Similarity(b, a), 9);
        Assert.InRange(Similarity.Similarity(a, b), 0, 1);
        Assert.Equal(1, Similarity.Similarity(a, a), 9);
    }
}
