using Hitl.Grains.Agents;
using Hitl.Grains.Common;
using Hitl.Grains.Queues;

namespace Hitl.Grains.Tests.Grains;

[Collection(ClusterCollection.Name)]
public sealed class AgentGrainTests(ClusterFixture fixture)
{
    private static WorkItem Item(string id) =>
        new(id, WorkKind.Handoff, "c-" + id, "support", 1, [], DateTimeOffset.UnixEpoch, null, null, null, false);

    private IAgentGrain NewAgent() => fixture.Grains.GetGrain<IAgentGrain>(GrainKeys.Scoped("t" + Guid.NewGuid().ToString("N")[..8], "ana"));

    [Fact]
    public async Task ConcurrentReservations_NeverExceedCapacity()
    {
        var agent = NewAgent();
        await agent.SetPresenceAsync(Presence.Online, 3, ["support"]);
        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => agent.TryReserveAsync(Item($"w{i}"), requireOnline: true)));
        Assert.Equal(3, results.Count(r => r));
        Assert.Equal(3, (await agent.GetAsync()).Load);
    }

    [Fact]
    public async Task Reserve_IsIdempotent_AndReleaseFreesTheSlot()
    {
        var agent = NewAgent();
        await agent.SetPresenceAsync(Presence.Online, 1, ["support"]);
        Assert.True(await agent.TryReserveAsync(Item("w1"), true));
        Assert.True(await agent.TryReserveAsync(Item("w1"), true));
        Assert.False(await agent.TryReserveAsync(Item("w2"), true));
        await agent.ReleaseAsync("w1");
        Assert.True(await agent.TryReserveAsync(Item("w2"), true));
        var held = Assert.Single((await agent.GetAsync()).Assignments);
        Assert.Equal("w2", held.Id);
        Assert.Equal("ana", held.AssignedTo);
    }

    [Fact]
    public async Task AwayAgents_CanPullButAreNotOffered_OfflineAgentsGetNothing()
    {
        var agent = NewAgent();
        await agent.SetPresenceAsync(Presence.Away, 2, ["support"]);
        Assert.False(await agent.TryReserveAsync(Item("offer"), requireOnline: true));
        Assert.True(await agent.TryReserveAsync(Item("pull"), requireOnline: false));

        await agent.SetPresenceAsync(Presence.Offline, null, null);
        Assert.False(await agent.TryReserveAsync(Item("pull2"), requireOnline: false));
    }

    [Fact]
    public async Task CapacityBelowTheCurrentLoad_IsBadInput_AndChangesNothing()
    {
        var agent = NewAgent();
        await agent.SetPresenceAsync(Presence.Online, 2, ["support"]);
        await agent.TryReserveAsync(Item("w1"), true);
        await agent.TryReserveAsync(Item("w2"), true);

        var error = await Assert.ThrowsAsync<HitlException>(() => agent.SetPresenceAsync(Presence.Online, 1, null));
        Assert.Equal(HitlErrorCodes.BadUserInput, error.Code);
        var view = await agent.GetAsync();
        Assert.Equal(2, view.Capacity);
        Assert.Equal(2, view.Load);
    }

    [Fact]
    public async Task Presence_Capacity_AndQueues_AreDurable()
    {
        var agent = NewAgent();
        await agent.SetGrantedQueuesAsync(["support", "billing"]);
        await agent.SetPresenceAsync(Presence.Online, 5, ["support", "billing", "support"]);
        await fixture.Cluster.DeactivateAsync(agent);
        var view = await agent.GetAsync();
        Assert.Equal(Presence.Online, view.Presence);
        Assert.Equal(5, view.Capacity);
        Assert.Equal(["support", "billing"], view.Queues);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(51)]
    public async Task CapacityOutOfRange_IsBadInput(int capacity)
    {
        await Assert.ThrowsAsync<HitlException>(() => NewAgent().SetPresenceAsync(Presence.Online, capacity, null));
    }
}
