using Hitl.Grains.Escalation.Text;

namespace Hitl.Grains.Tests.Escalation.Text;

public sealed class AmountExtractorTests
{
    private static readonly AmountExtractor Extractor = new();

    [Theory]
    [InlineData("I need a refund of $249", 249, "USD")]
    [InlineData("refund $9.99 please", 9.99, "USD")]
    [InlineData("it was 249 dollars", 249, "USD")]
    [InlineData("I paid £200 for this", 200, "GBP")]
    [InlineData("the plan was 120 USD", 120, "USD")]
    [InlineData("I was charged 899 pound", 899, "GBP")]
    [InlineData("€50 gone", 50, "EUR")]
    [InlineData("50 EUR gone", 50, "EUR")]
    [InlineData("USD 120 was taken", 120, "USD")]
    [InlineData("a refund of $1,299.00", 1299, "USD")]
    [InlineData("about $1.5k", 1500, "USD")]
    [InlineData("100.01 dollars", 100.01, "USD")]
    public void ReadsAmounts(string text, double value, string currency)
    {
        var amount = Assert.Single(Extractor.Extract(text));
        Assert.Equal(value, amount.Value, 6);
        Assert.Equal(currency, amount.Currency);
    }

    [Theory]
    [InlineData("my files from March 2024")]
    [InlineData("I have 2 TB of storage")]
    [InlineData("trash keeps files for 30 days")]
    [InlineData("enter the 6-digit code")]
    [InlineData("version 3.2 crashed")]
    public void BareNumbers_AreNotMoney(string text)
    {
        Assert.Empty(Extractor.Extract(text));
    }

    [Fact]
    public void SeveralAmounts_AreAllRead_OnceEach()
    {
        var amounts = Extractor.Extract("I paid $120 and then 80 dollars more");
        Assert.Equal([120.0, 80.0], amounts.Select(a => a.Value).Order().Reverse());
    }
}
