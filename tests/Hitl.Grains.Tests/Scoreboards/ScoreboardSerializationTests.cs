using Hitl.Grains.Escalation;
using Hitl.Grains.Scoreboards;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Hitl.Grains.Tests.Scoreboards;

/// <summary>The scoreboard's state survives Orleans serialization (grain storage and calls).</summary>
public sealed class ScoreboardSerializationTests
{
    private static readonly Serializer Serializer = new ServiceCollection()
        .AddSerializer(s => s.AddAssembly(typeof(ScoreboardBuckets).Assembly))
        .BuildServiceProvider()
        .GetRequiredService<Serializer>();

    private static readonly DateTimeOffset Now = ConversationBuilder.T0;

    private static T RoundTrip<T>(T value) => Serializer.Deserialize<T>(Serializer.SerializeToArray(value))!;

    [Fact]
    public void Buckets_RoundTrip()
    {
        var b = new ScoreboardBuckets();
        var conversation = new ConversationBuilder(Now.AddMinutes(-3))
            .Escalate(Now.AddMinutes(-2), TimeSpan.FromMinutes(5), EscalationReason.Rule, EscalationReason.Manual)
            .Assign("ana", Now.AddMinutes(-2))
            .Say(Hitl.Grains.Conversations.Author.Agent, "hi", Now.AddMinutes(-1), "ana");
        var delta = ScoreboardDelta.Between(null, conversation.Contribution)!;
        b.Apply(delta, Now);

        var copy = RoundTrip(b);
        foreach (var window in Enum.GetValues<ScoreWindow>())
        {
            var (from, counts) = copy.Sum(window, Now);
            Assert.Equal(b.Sum(window, Now).From, from);
            Assert.Equal(1, counts.Started);
            Assert.Equal(1, counts.SlaMet);
            Assert.Equal(1, counts.FirstResponses.Count);
            Assert.Equal(60.0, counts.FirstResponses.Percentile(50));
            Assert.Equal(1, counts.Reasons[EscalationReason.Rule]);
        }

        var deltaCopy = RoundTrip(delta);
        Assert.Equal(delta.Reasons, deltaCopy.Reasons);
        Assert.Equal(delta.NewFirstResponses, deltaCopy.NewFirstResponses);

        var contribution = RoundTrip(conversation.Contribution);
        Assert.Equal(conversation.Contribution.Reasons, contribution.Reasons);
        Assert.Equal(conversation.Contribution.FirstResponses, contribution.FirstResponses);
    }

    [Fact]
    public void View_RoundTrips()
    {
        var view = ScoreboardFormulas.Compute(ScoreWindow.Week, Now.AddDays(-7), Now, new ScoreCounts
        {
            Started = 2,
            Escalated = 1,
            Reasons = new Dictionary<EscalationReason, long>
            {
                [EscalationReason.Rule] = 1,
            },
        }, 4, 1, 9);

        var copy = RoundTrip(view);
        Assert.Equal(view.EscalationsByReason, copy.EscalationsByReason);
        Assert.Equal(view with { EscalationsByReason = copy.EscalationsByReason }, copy);
    }
}
