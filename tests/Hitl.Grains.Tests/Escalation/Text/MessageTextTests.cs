using Hitl.Grains.Escalation;
using Hitl.Grains.Escalation.Text;
using Hitl.Grains.Escalation.Triggers;
using Hitl.Grains.Tenants;

namespace Hitl.Grains.Tests.Escalation.Text;

public sealed class MessageTextTests
{
    public static TheoryData<string> Messages =>
    [
        "I was charged twice, but the refund of $249 never came!",
        "Didn't work. Can't log in; I'd like to talk to a real person (now)",
        "Order #A-1234: wasn't delivered\nwhere is it?",
        "ok",
        "?!",
        "",
        "Disputing the CHARGES on my card \u2019cause I didnt authorize them",
    ];

    [Theory]
    [MemberData(nameof(Messages))]
    public void Analyzes_a_message_as_the_text_normalizer_does(string text)
    {
        var message = new MessageText(text);

        Assert.Equal(TextNormalizer.Normalize(text), message.Normalized);
        Assert.Equal(TextNormalizer.Clauses(text).ToList(), message.Clauses);
        Assert.Equal(message.Clauses.Select(c => c.Select(TextNormalizer.Stem).ToArray()), message.ClauseStems);
        Assert.Equal(TextNormalizer.ContentStems(text).Order(StringComparer.Ordinal), message.ContentStems.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void Finds_the_same_phrases_and_requests_as_from_the_raw_text(string text)
    {
        var matcher = new PhraseMatcher();
        var detector = new ExplicitRequestDetector();
        var message = new MessageText(text);

        foreach (var topic in Policy.Default.SensitiveTopics)
        {
            Assert.Equal(matcher.FindFirst(text, topic.Phrases), matcher.FindFirst(message, topic.Phrases));
        }

        Assert.Equal(detector.Detect(text), detector.Detect(message));
    }

    [Fact]
    public void A_context_analyzes_its_text_once_and_a_copy_with_another_text_analyzes_that_text()
    {
        var trigger = new SensitiveTopicTrigger(new PhraseMatcher());
        var disputed = new EscalationContext("I want to dispute a charge on my card", 0, null, [], null, Policy.Default);

        Assert.Same(disputed.Message, disputed.Message);
        Assert.NotNull(trigger.Evaluate(disputed));

        var greeting = disputed with { Text = "hello there, how do I reset my password?" };
        Assert.Equal(greeting.Text, greeting.Message.Source);
        Assert.Null(trigger.Evaluate(greeting));

        var answered = disputed with { BotConsulted = true };
        Assert.Same(disputed.Message, answered.Message);
    }
}
