using Hitl.Grains.Agents;

namespace Hitl.Grains.Tests.Domain;

public sealed class AssignmentChooserTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private static AgentCandidate Agent(string id, int load, int capacity = 3, Presence presence = Presence.Online, int idleMinutesAgo = 0, params string[] queues) =>
        new(id, presence, load, capacity, queues.Length == 0 ? ["support"] : queues, T0.AddMinutes(-idleMinutesAgo));

    [Fact]
    public void LeastLoadedOnlineAgentServingTheQueue_Wins()
    {
        var chosen = AssignmentChooser.Choose([Agent("ana", 2), Agent("bob", 0), Agent("cy", 1)], "support");
        Assert.Equal("bob", chosen!.AgentId);
    }

    [Fact]
    public void Ties_GoToTheAgentIdleLongest()
    {
        var chosen = AssignmentChooser.Choose([Agent("ana", 1, idleMinutesAgo: 2), Agent("bob", 1, idleMinutesAgo: 9), Agent("cy", 1, idleMinutesAgo: 5)], "support");
        Assert.Equal("bob", chosen!.AgentId);
    }

    [Fact]
    public void AwayOfflineFullOrOtherQueueAgents_AreNeverChosen()
    {
        AgentCandidate[] agents =
        [
            Agent("away", 0, presence: Presence.Away),
            Agent("offline", 0, presence: Presence.Offline),
            Agent("full", 3, capacity: 3),
            Agent("billing-only", 0, queues: "billing"),
        ];
        Assert.Null(AssignmentChooser.Choose(agents, "support"));
        Assert.Equal("billing-only", AssignmentChooser.Choose(agents, "billing")!.AgentId);
    }

    [Fact]
    public void ExcludedAgents_AreSkipped()
    {
        var chosen = AssignmentChooser.Choose([Agent("ana", 0), Agent("bob", 1)], "support", new HashSet<string> { "ana" });
        Assert.Equal("bob", chosen!.AgentId);
    }

    [Fact]
    public void ZeroCapacity_MeansNoWork()
    {
        Assert.Null(AssignmentChooser.Choose([Agent("ana", 0, capacity: 0)], "support"));
    }
}
