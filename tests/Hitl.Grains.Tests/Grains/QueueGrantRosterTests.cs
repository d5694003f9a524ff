using Hitl.Grains.Agents;
using Hitl.Grains.Common;
using Hitl.Grains.Conversations;
using Hitl.Grains.Queues;
using Hitl.Grains.Tenants;

namespace Hitl.Grains.Tests.Grains;

/// <summary>
/// Queues are granted, and a queue's roster (whom automatic assignment offers work to) follows the agents' grants
/// and presence: it shrinks when an agent stops serving the queue and grows again when it serves it again.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class QueueGrantRosterTests(ClusterFixture fixture)
{
    private IAgentGrain Agent(string tenant, string id) => fixture.Grains.GetGrain<IAgentGrain>(GrainKeys.Scoped(tenant, id));

    private IQueueGrain Queue(string tenant, string name) => fixture.Grains.GetGrain<IQueueGrain>(GrainKeys.Scoped(tenant, name));

    [Fact]
    public async Task TheRoster_ShrinksWhenAnAgentIsUngrantedOrGoesOffline_AndGrowsWhenItServesAgain()
    {
        var tenant = await TestTenants.CreateAsync(fixture.Grains, withArticles: false);
        var ana = Agent(tenant, "ana");
        await ana.SetGrantedQueuesAsync(["support", "billing"]);
        await ana.SetPresenceAsync(Presence.Online, 2, null);
        Assert.Contains("ana", await RosterAsync(tenant, "billing", r => r.Contains("ana")));
        Assert.Contains("ana", await RosterAsync(tenant, "support", r => r.Contains("ana")));

        // Un-granted from billing: it leaves billing's roster, stays in support's.
        var narrowed = await ana.SetGrantedQueuesAsync(["support"]);
        Assert.Equal(["support"], narrowed.Queues);
        Assert.DoesNotContain("ana", await RosterAsync(tenant, "billing", r => !r.Contains("ana")));
        Assert.Contains("ana", await Queue(tenant, "support").GetRosterAsync());

        // OFFLINE: it leaves every roster.
        await ana.SetPresenceAsync(Presence.Offline, null, null);
        Assert.DoesNotContain("ana", await RosterAsync(tenant, "support", r => !r.Contains("ana")));

        // Serving again: it rejoins.
        await ana.SetPresenceAsync(Presence.Online, null, null);
        Assert.Contains("ana", await RosterAsync(tenant, "support", r => r.Contains("ana")));
    }

    [Fact]
    public async Task AnAgentWithoutAGrant_ServesTheDefaultQueueOnly_AndCannotChooseAnother()
    {
        var tenant = await TestTenants.CreateAsync(fixture.Grains, withArticles: false);
        var bob = Agent(tenant, "bob");
        var set = await bob.SetPresenceAsync(Presence.Away, 2, null);
        Assert.Equal(["support"], set.Queues);

        foreach (var queue in new[] { "legal", "review", "made-up" })
        {
            var error = await Assert.ThrowsAsync<HitlException>(() => bob.SetPresenceAsync(Presence.Online, 3, [queue]));
            Assert.Equal(HitlErrorCodes.BadUserInput, error.Code);
            Assert.Contains($"'{queue}'", error.Message, StringComparison.Ordinal);
        }

        var after = await bob.GetAsync();
        Assert.Equal((Presence.Away, 2, set.Version), (after.Presence, after.Capacity, after.Version));
        Assert.Equal(["support"], after.Queues);
        Assert.DoesNotContain("made-up", await fixture.Grains.GetGrain<ITenantGrain>(tenant).GetQueuesAsync());
    }

    [Fact]
    public async Task AChoiceIsKeptAcrossGrants_AndAnEmptyGrantMeansTheDefaultQueue()
    {
        var tenant = await TestTenants.CreateAsync(fixture.Grains, withArticles: false);
        var cy = Agent(tenant, "cy");
        await cy.SetGrantedQueuesAsync(["support", "billing", "legal"]);
        Assert.Equal(["billing"], (await cy.SetPresenceAsync(Presence.Away, null, ["billing"])).Queues);
        Assert.Equal(["billing"], (await cy.SetGrantedQueuesAsync(["billing", "legal"])).Queues);

        // Nothing chosen is granted any more: it serves what it is granted.
        Assert.Equal(["legal"], (await cy.SetGrantedQueuesAsync(["legal"])).Queues);
        Assert.Equal(["support"], (await cy.SetGrantedQueuesAsync([])).Queues);
        Assert.Contains("legal", await fixture.Grains.GetGrain<ITenantGrain>(tenant).GetQueuesAsync());
    }

    [Fact]
    public async Task AReviewerWhosePresenceLapses_FreesItsReviewSlots_AndLeavesItsQueues()
    {
        var tenant = await TestTenants.CreateAsync(fixture.Grains, withArticles: false);
        var rita = Agent(tenant, "rita");
        await rita.SetGrantedQueuesAsync(["review"]);
        await rita.SetPresenceAsync(Presence.Online, 1, null);
        var draft = new Draft("d_lapse", "Yes.", 0.6, []);
        Assert.True(await rita.TryReserveAsync(WorkItem.Review("c-none", "review", draft, fixture.Time.GetUtcNow()), requireOnline: false));
        Assert.Equal(1, (await rita.GetAsync()).Load);

        // No renewal for longer than the timeout on the silo's clock: the reminder sends it OFFLINE.
        fixture.Time.Advance(new AgentOptions().PresenceTimeout + TimeSpan.FromSeconds(1));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        AgentView view;
        while ((view = await rita.GetAsync()).Presence != Presence.Offline && DateTime.UtcNow < deadline)
        {
            fixture.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(20);
        }

        Assert.Equal((Presence.Offline, 0), (view.Presence, view.Load));
        Assert.DoesNotContain("rita", await RosterAsync(tenant, "review", r => !r.Contains("rita")));
    }

    /// <summary>Leaving and joining are one-way messages: read the roster until it shows the change (or give up after 10 s).</summary>
    private async Task<IReadOnlyList<string>> RosterAsync(string tenant, string queue, Func<IReadOnlyList<string>, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var roster = await Queue(tenant, queue).GetRosterAsync();
            if (done(roster) || DateTime.UtcNow > deadline)
            {
                return roster;
            }

            await Task.Delay(20);
        }
    }
}
