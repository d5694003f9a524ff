using Hitl.Grains.Escalation.Text;

namespace Hitl.Grains.Tests.Escalation.Text;

public sealed class PhraseMatcherTests
{
    private static readonly PhraseMatcher Matcher = new();

    [Theory]
    [InlineData("you charged me twice for March", "charged twice")]
    [InlineData("I want to dispute a charge from last month", "dispute a charge")]
    [InlineData("I am disputing the charges on my card", "dispute a charge")]
    [InlineData("I didn't authorize this payment", "didn't authorize")]
    [InlineData("I didnt authorize this payment", "didn't authorize")]
    [InlineData("I did not authorize this", "didn't authorize")]
    [InlineData("my lawyer will be in touch", "lawyer")]
    [InlineData("please delete my account and erase all my data", "delete my account")]
    [InlineData("Please DELETE the account now", "delete my account")]
    [InlineData("I keep my medication plan in a file", "medication")]
    [InlineData("I want my money back", "money back")]
    public void Finds(string text, string phrase)
    {
        var match = Matcher.FindFirst(text, ["something unrelated", phrase]);
        Assert.NotNull(match);
        Assert.Equal(phrase, match.Phrase);
    }

    [Theory]
    [InlineData("I have an issue with sync", "sue you")]
    [InlineData("the lawyers folder is shared", "lawsuit")]
    [InlineData("I was charged once, twice as much as expected last year is fine", "charged twice")]
    [InlineData("delete the old photo from my shared account", "delete my account")]
    [InlineData("account was deleted", "delete my account")]
    public void DoesNotFind(string text, string phrase)
    {
        Assert.Null(Matcher.FindFirst(text, [phrase]));
    }
}
