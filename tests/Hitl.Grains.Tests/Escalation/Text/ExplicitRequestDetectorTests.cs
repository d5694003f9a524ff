using Hitl.Grains.Escalation.Text;

namespace Hitl.Grains.Tests.Escalation.Text;

public sealed class ExplicitRequestDetectorTests
{
    private static readonly ExplicitRequestDetector Detector = new();

    [Theory]
    [InlineData("agent")]
    [InlineData("Agent!")]
    [InlineData("human please")]
    [InlineData("representative please")]
    [InlineData("real human now")]
    [InlineData("operator")]
    [InlineData("can I talk to someone")]
    [InlineData("can I talk to a human please")]
    [InlineData("put me through to your staff")]
    [InlineData("can a member of your team call me back")]
    [InlineData("Connect me with a representative.")]
    [InlineData("ok I'd rather speak to a real person about this")]
    [InlineData("is there someone from your support team I could chat with?")]
    [InlineData("get me a manager")]
    [InlineData("I want to speak to a supervisor")]
    [InlineData("live chat with an operator")]
    [InlineData("transfer me to customer service")]
    [InlineData("let me talk to somebody who can actually help")]
    [InlineData("can someone call me")]
    [InlineData("I need an agent")]
    [InlineData("is there a human I can talk to?")]
    [InlineData("this bot is useless, I want a real person")]
    [InlineData("Why can't I talk to a human?")]
    [InlineData("the invoice is wrong. Please escalate this to a manager")]
    [InlineData("I’d like to speak with an advisor about my order")]
    public void AsksForAPerson(string text)
    {
        var request = Detector.Detect(text);
        Assert.NotNull(request);
        Assert.False(string.IsNullOrWhiteSpace(request.Evidence));
    }

    [Theory]
    [InlineData("no need for a human, just tell me how to share a folder")]
    [InlineData("I don't want to talk to anyone, just answer")]
    [InlineData("I dont need an agent, what are your opening hours?")]
    [InlineData("can I fix this without speaking to an agent?")]
    [InlineData("how do I add a team member to my workspace")]
    [InlineData("can my colleague edit my files")]
    [InlineData("how do I share with someone")]
    [InlineData("can I share a folder with people outside my company?")]
    [InlineData("the desktop agent is not syncing")]
    [InlineData("who can see my files")]
    [InlineData("how do I transfer files to another person")]
    [InlineData("is there a password manager built in?")]
    [InlineData("is there a limit per person on shared drives")]
    [InlineData("I need a new password")]
    [InlineData("how do I call the API from a script")]
    [InlineData("my manager asked me to export the reports")]
    [InlineData("how much does it cost per user")]
    public void DoesNotFire_OnNegatedRequestsOrProductQuestions(string text)
    {
        Assert.Null(Detector.Detect(text));
    }
}
