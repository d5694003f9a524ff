using Hitl.Grains.Escalation;
using Hitl.Grains.Escalation.Text;
using Hitl.Grains.Escalation.Triggers;
using Hitl.Grains.Tenants;

namespace Hitl.Grains.Tests.Escalation.Text;

public sealed class RepeatCheckStemsTests
{
    [Fact]
    public void The_repeat_check_reduces_answered_questions_through_the_conversations_lookup_with_the_same_outcome()
    {
        var trigger = new RepeatedFailureTrigger(new QuestionSimilarity());
        List<string> answered = ["How do I reset my password?", "When will my parcel arrive?"];
        var plain = new EscalationContext("I still can't reset my password", 0, null, answered, null, Policy.Default);

        var reduced = new List<string>();
        var remembered = plain with
        {
            QuestionStems = question =>
            {
                reduced.Add(question);
                return TextNormalizer.ContentStems(question);
            },
        };

        var expected = trigger.Evaluate(plain);
        var actual = trigger.Evaluate(remembered);

        Assert.NotNull(expected);
        Assert.Equal(expected, actual);
        Assert.Equal(answered, reduced);
    }
}
