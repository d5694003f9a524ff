using Hitl.Grains.Agents;
using Hitl.Grains.Common;

namespace Hitl.Grains.Tests.Grains;

/// <summary>A console renews its agent's presence every few seconds: those heartbeats must cost no storage write.</summary>
[Collection(ClusterCollection.Name)]
public sealed class AgentHeartbeatTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Timeout = new AgentOptions().PresenceTimeout;

    [Fact]
    public async Task Heartbeats_WriteNothing_KeepTheAgentOnline_AndItGoesOfflineWhenTheyStop()
    {
        var agent = fixture.Grains.GetGrain<IAgentGrain>(GrainKeys.Scoped("t" + Guid.NewGuid().ToString("N")[..8], "ana"));
        await agent.SetGrantedQueuesAsync(["support", "billing"]);
        var first = await agent.SetPresenceAsync(Presence.Online, 2, ["support", "billing"]);
        var stored = await StoredState.ReadAsync<AgentState>(fixture, agent, "agent");

        // Four timeouts' worth of heartbeats, a fifth of a timeout apart (the presence reminder fires in between).
        for (var i = 0; i < 20; i++)
        {
            fixture.Time.Advance(Timeout / 5);
            var beat = i % 2 == 0
                ? await agent.SetPresenceAsync(Presence.Online, null, null)
                : await agent.SetPresenceAsync(Presence.Online, 2, ["support", "billing", "support"]);
            Assert.Equal(Presence.Online, beat.Presence);
            Assert.Equal(fixture.Time.GetUtcNow(), beat.LastSeen);
        }

        var after = await StoredState.ReadAsync<AgentState>(fixture, agent, "agent");
        Assert.Equal(stored.ETag, after.ETag);
        Assert.Equal(first.Version, after.State.Version);
        var view = await agent.GetAsync();
        Assert.Equal(Presence.Online, view.Presence);
        Assert.Equal(first.Version, view.Version);

        // Silence: OFFLINE after the timeout.
        fixture.Time.Advance(Timeout + TimeSpan.FromSeconds(1));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((view = await agent.GetAsync()).Presence != Presence.Offline)
        {
            Assert.True(DateTime.UtcNow < deadline, "the agent is still ONLINE long after its heartbeats stopped");
            fixture.Time.Advance(TimeSpan.FromSeconds(10));
            await Task.Delay(20);
        }

        Assert.Equal(first.Version + 1, view.Version);
        Assert.Equal(Presence.Offline, (await StoredState.ReadAsync<AgentState>(fixture, agent, "agent")).State.Presence);
    }

    [Fact]
    public async Task AChange_IsWritten_ButTheSameSettingsAgainAreNot()
    {
        var agent = fixture.Grains.GetGrain<IAgentGrain>(GrainKeys.Scoped("t" + Guid.NewGuid().ToString("N")[..8], "bob"));
        await agent.SetGrantedQueuesAsync(["support", "billing"]);
        var online = await agent.SetPresenceAsync(Presence.Online, 2, ["support"]);
        var away = await agent.SetPresenceAsync(Presence.Away, null, null);
        Assert.Equal(online.Version + 1, away.Version);
        var wider = await agent.SetPresenceAsync(Presence.Away, null, ["support", "billing"]);
        Assert.Equal(away.Version + 1, wider.Version);
        var same = await agent.SetPresenceAsync(Presence.Away, 2, ["support", "billing"]);
        Assert.Equal(wider.Version, same.Version);
        Assert.Equal(wider.Version, (await StoredState.ReadAsync<AgentState>(fixture, agent, "agent")).State.Version);
    }
}
