using Hitl.Api.Live;
using Hitl.Grains.Agents;
using Hitl.Grains.Common;
using Hitl.Grains.Conversations;
using Hitl.Grains.Live;
using Hitl.Grains.Queues;
using Hitl.Grains.Tests.Grains;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Hitl.Grains.Tests.Cluster;

/// <summary>Ownership and live updates with grains spread over two silos, and one of them stopping.</summary>
[Collection(TwoSiloCollection.Name)]
public sealed class TwoSiloTests(TwoSiloFixture fixture)
{
    private static readonly Caller Customer = new(CallerRole.Customer, "customer");

    [Fact]
    public async Task Agents_on_both_silos_racing_for_items_never_double_assign()
    {
        var tenant = await TestTenants.CreateAsync(fixture.Grains, withArticles: false);
        var conversations = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var id = Ids.New("c_");
            var conversation = fixture.Grains.GetGrain<IConversationGrain>(GrainKeys.Scoped(tenant, id));
            await conversation.StartAsync(null, null);
            await conversation.RequestHumanAsync(Customer);
            conversations.Add(id);
        }

        // Half the agents live on each silo.
        var agents = Enumerable.Range(0, 20).Select(i => $"agent{i}").ToList();
        for (var i = 0; i < agents.Count; i++)
        {
            var agent = Agent(tenant, agents[i]);
            await agent.SetPresenceAsync(Presence.Away, 1, ["support"]);
            await MoveAsync(agent, fixture.Cluster.Silos[i % 2].SiloAddress);
        }

        var items = (await Support(tenant).GetAsync(10)).Items.Select(i => i.Id).ToList();
        Assert.Equal(conversations.Count, items.Count);
        var results = (await Task.WhenAll(agents.SelectMany(a => new[]
        {
            Try(() => Support(tenant).AssignAsync(a, null)),
            Try(() => Support(tenant).AssignAsync(a, items[a.Length % items.Count])),
        }))).OfType<WorkItem>().ToList();

        // The race itself: no item won twice, and someone won (the first attempt to reach the queue finds every item free),
        // so a run where every attempt conflicts fails here instead of passing on an empty result.
        Assert.NotEmpty(results);
        Assert.Equal(results.Count, results.Select(r => r.Id).Distinct().Count());
        Assert.All(results, r => Assert.Contains(r.AssignedTo, agents));

        // Attempts that lost the race may leave items waiting (an agent at capacity refuses the second offer and the item
        // goes back). There is capacity for all of them (20 agents of one slot, 6 items): agents with a free slot pull,
        // one at a time, until nothing waits. An item lost by the race (neither waiting nor owned) fails below.
        foreach (var agent in agents)
        {
            if ((await Support(tenant).GetAsync(0)).Waiting == 0)
            {
                break;
            }

            var view = await Agent(tenant, agent).GetAsync();
            if (view.Load < view.Capacity)
            {
                await Support(tenant).AssignAsync(agent, null);
            }
        }

        Assert.Equal(0, (await Support(tenant).GetAsync(0)).Waiting);
        var views = await Task.WhenAll(agents.Select(a => Agent(tenant, a).GetAsync()));
        Assert.All(views, v => Assert.InRange(v.Load, 0, v.Capacity));

        // No agent holds an item another holds, and no item is held twice by one agent.
        var held = views.SelectMany(v => v.Assignments.Select(a => (Agent: v.Id, Item: a.Id, a.ConversationId))).ToList();
        Assert.Equal(held.Count, held.Select(h => h.Item).Distinct().Count());
        Assert.Equal(items.Count, held.Count);
        Assert.Equal(items.Order(StringComparer.Ordinal), held.Select(h => h.Item).Order(StringComparer.Ordinal));

        // Every race winner still holds what it won.
        Assert.All(results, r => Assert.Contains(held, h => h.Item == r.Id && h.Agent == r.AssignedTo));

        // Each conversation is owned by exactly the one agent holding its item.
        foreach (var id in conversations)
        {
            var view = (await fixture.Grains.GetGrain<IConversationGrain>(GrainKeys.Scoped(tenant, id)).GetAsync())!;
            var holder = Assert.Single(held, h => h.ConversationId == id);
            Assert.Equal(ConversationStatus.Human, view.Status);
            Assert.Equal(holder.Agent, view.Owner.AgentId);
            Assert.Equal(holder.Item, view.Escalation?.Id);
        }
    }

    [Fact]
    public async Task A_watcher_keeps_receiving_after_the_silo_hosting_the_queue_stops()
    {
        var tenant = await TestTenants.CreateAsync(fixture.Grains, withArticles: false);
        var queue = Support(tenant);
        await queue.GetAsync(0);
        var doomed = await fixture.Cluster.StartAdditionalSiloAsync();
        await MoveAsync(queue, doomed.SiloAddress);

        var hub = new LiveHub(fixture.Grains, Options.Create(new LiveOptions { ResubscribeInterval = TimeSpan.FromMilliseconds(500) }), NullLogger<LiveHub>.Instance);
        await hub.StartAsync(CancellationToken.None);
        try
        {
            using var subscription = await hub.WatchQueueAsync(tenant, "support");
            await EscalateAsync(tenant);
            Assert.Equal(QueueChange.Enqueued, (await NextAsync(subscription, c => c.Waiting == 1)).Kind);

            await fixture.Cluster.StopSiloAsync(doomed);

            // The queue comes back on a remaining silo with the next call; the hub's renewal finds it.
            await EscalateAsync(tenant);
            var seen = await NextAsync(subscription, c => c.Waiting == 2);
            Assert.Contains(seen.Kind, new[] { QueueChange.Enqueued, QueueChange.Snapshot });
            await EscalateAsync(tenant);
            Assert.Equal(QueueChange.Enqueued, (await NextAsync(subscription, c => c.Waiting == 3)).Kind);
        }
        finally
        {
            await hub.StopAsync(CancellationToken.None);
            hub.Dispose();
        }
    }

    /// <summary>Migrates an active grain to a silo (the test cluster's migration waits for a deactivation that never comes when the grain is already there).</summary>
    private async Task MoveAsync(IAddressable grain, SiloAddress silo)
    {
        var management = fixture.Grains.GetGrain<IManagementGrain>(0);
        for (var attempt = 0; attempt < 3 && !silo.Equals(await management.GetActivationAddress(grain)); attempt++)
        {
            try
            {
                // The test cluster's MigrateAsync can also wait forever when the grain got there in between (CI hung
                // here once): bound the wait, then look where the grain is.
                await fixture.Cluster.MigrateAsync(grain, silo).WaitAsync(TimeSpan.FromSeconds(15));
            }
            catch (TimeoutException)
            {
            }
        }

        Assert.Equal(silo, await management.GetActivationAddress(grain));
    }

    private async Task EscalateAsync(string tenant)
    {
        var conversation = fixture.Grains.GetGrain<IConversationGrain>(GrainKeys.Scoped(tenant, Ids.New("c_")));
        await conversation.StartAsync(null, null);
        await conversation.RequestHumanAsync(Customer);
    }

    private static async Task<QueueChange> NextAsync(LiveSubscription<QueueChange> subscription, Func<QueueChange, bool> match)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var change = await subscription.Events.ReadAsync(timeout.Token);
            if (match(change))
            {
                return change;
            }
        }
    }

    private static async Task<WorkItem?> Try(Func<Task<WorkItem?>> attempt)
    {
        try
        {
            return await attempt();
        }
        catch (HitlException ex) when (ex.Code == HitlErrorCodes.Conflict)
        {
            return null;
        }
    }

    private IQueueGrain Support(string tenant) => fixture.Grains.GetGrain<IQueueGrain>(GrainKeys.Scoped(tenant, "support"));

    private IAgentGrain Agent(string tenant, string id) => fixture.Grains.GetGrain<IAgentGrain>(GrainKeys.Scoped(tenant, id));
}
