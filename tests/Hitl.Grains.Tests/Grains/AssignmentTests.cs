using Hitl.Grains.Agents;
using Hitl.Grains.Common;
using Hitl.Grains.Conversations;
using Hitl.Grains.Queues;

namespace Hitl.Grains.Tests.Grains;

/// <summary>Handoff ownership: the conversation is the single writer; agents race, capacity holds.</summary>
[Collection(ClusterCollection.Name)]
public sealed class AssignmentTests(ClusterFixture fixture)
{
    private static readonly Caller Customer = new(CallerRole.Customer, "customer");

    private async Task<(string Tenant, List<string> Conversations)> EscalatedAsync(int count)
    {
        var tenant = await TestTenants.CreateAsync(fixture.Grains);
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var id = Ids.New("c_");
            var conversation = fixture.Grains.GetGrain<IConversationGrain>(GrainKeys.Scoped(tenant, id));
            await conversation.StartAsync(null, null);
            await conversation.RequestHumanAsync(Customer);
            ids.Add(id);
        }

        return (tenant, ids);
    }

    private IQueueGrain Support(string tenant) => fixture.Grains.GetGrain<IQueueGrain>(GrainKeys.Scoped(tenant, "support"));

    private IAgentGrain Agent(string tenant, string id) => fixture.Grains.GetGrain<IAgentGrain>(GrainKeys.Scoped(tenant, id));

    [Fact]
    public async Task AgentsRacingForAFewItems_EachItemIsAssignedOnce_AndNobodyExceedsCapacity()
    {
        for (var round = 0; round < 3; round++)
        {
            var (tenant, conversations) = await EscalatedAsync(5);
            var agents = Enumerable.Range(0, 24).Select(i => $"agent{i}").ToList();
            foreach (var a in agents)
            {
                await Agent(tenant, a).SetPresenceAsync(Presence.Away, 1, ["support"]); // AWAY: only pulls, no automatic offers
            }

            var items = (await Support(tenant).GetAsync(10)).Items.Select(i => i.Id).ToList();
            var attempts = agents.SelectMany(a => new[]
            {
                Try(() => Support(tenant).AssignAsync(a, null)),
                Try(() => Support(tenant).AssignAsync(a, items[a.Length % items.Count])),
            });
            var results = (await Task.WhenAll(attempts)).OfType<WorkItem>().ToList();

            // A race may leave an item waiting (every offer of it met a full agent); it is still claimable.
            var late = 0;
            while ((await Support(tenant).GetAsync(1)).Waiting > 0)
            {
                var extra = $"late{late++}";
                agents.Add(extra);
                await Agent(tenant, extra).SetPresenceAsync(Presence.Away, 1, ["support"]);
                results.Add((await Support(tenant).AssignAsync(extra, null))!);
            }

            Assert.Equal(results.Count, results.Select(r => r.Id).Distinct().Count());
            Assert.Equal(5, results.Count);
            var views = await Task.WhenAll(agents.Select(a => Agent(tenant, a).GetAsync()));
            Assert.All(views, v => Assert.InRange(v.Load, 0, v.Capacity));
            Assert.Equal(5, views.Sum(v => v.Load));
            Assert.Equal(0, (await Support(tenant).GetAsync(10)).Waiting);

            foreach (var id in conversations)
            {
                var view = (await fixture.Grains.GetGrain<IConversationGrain>(GrainKeys.Scoped(tenant, id)).GetAsync())!;
                Assert.Equal(ConversationStatus.Human, view.Status);
                var holder = Assert.Single(views, v => v.Assignments.Any(a => a.ConversationId == id));
                Assert.Equal(holder.Id, view.Owner.AgentId);
            }
        }
    }

    [Fact]
    public async Task AnOnlineAgent_GetsWorkAutomatically_LeastLoadedFirst()
    {
        var tenant = await TestTenants.CreateAsync(fixture.Grains);
        await Agent(tenant, "busy").SetPresenceAsync(Presence.Online, 5, ["support"]);
        await Agent(tenant, "free").SetPresenceAsync(Presence.Online, 1, ["support"]);

        // One escalation at a time, each waited for, so every offer sees the loads before it.
        for (var n = 1; n <= 3; n++)
        {
            var conversation = fixture.Grains.GetGrain<IConversationGrain>(GrainKeys.Scoped(tenant, Ids.New("c_")));
            await conversation.StartAsync(null, null);
            await conversation.RequestHumanAsync(Customer);
            var expected = n;
            await WaitAsync(() => Task.WhenAll(Agent(tenant, "busy").GetAsync(), Agent(tenant, "free").GetAsync()), v => v.Sum(a => a.Load) == expected);
        }

        var views = await Task.WhenAll(Agent(tenant, "busy").GetAsync(), Agent(tenant, "free").GetAsync());
        Assert.Equal(2, views[0].Load);
        Assert.Equal(1, views[1].Load);

        // The queue drops an item right after the conversation accepted it.
        Assert.Equal(0, (await WaitAsync(() => Support(tenant).GetAsync(10), q => q.Waiting == 0)).Waiting);
    }

    [Fact]
    public async Task ClaimingATakenItem_IsAConflict_AndChangesNothing()
    {
        var (tenant, conversations) = await EscalatedAsync(1);
        await Agent(tenant, "ana").SetPresenceAsync(Presence.Away, 2, ["support"]);
        await Agent(tenant, "bob").SetPresenceAsync(Presence.Away, 2, ["support"]);
        var item = Assert.Single((await Support(tenant).GetAsync(10)).Items);

        var taken = await Support(tenant).AssignAsync("ana", item.Id);
        Assert.Equal("ana", taken!.AssignedTo);
        var error = await Assert.ThrowsAsync<HitlException>(() => Support(tenant).AssignAsync("bob", item.Id));
        Assert.Equal(HitlErrorCodes.Conflict, error.Code);
        Assert.Equal(0, (await Agent(tenant, "bob").GetAsync()).Load);
        var conversation = (await fixture.Grains.GetGrain<IConversationGrain>(GrainKeys.Scoped(tenant, conversations[0])).GetAsync())!;
        Assert.Equal("ana", conversation.Owner.AgentId);
    }

    [Fact]
    public async Task TheOwningAgentAnswers_ThenResolves_AndItsSlotFreesUp()
    {
        var (tenant, conversations) = await EscalatedAsync(1);
        await Agent(tenant, "ana").SetPresenceAsync(Presence.Away, 1, ["support"]);
        await Support(tenant).AssignAsync("ana", null);
        var conversation = fixture.Grains.GetGrain<IConversationGrain>(GrainKeys.Scoped(tenant, conversations[0]));

        var sent = await conversation.PostMessageAsync(new PostMessage(new Caller(CallerRole.Agent, "ana"), "Hi, Ana here. Let me look.", "a1"));
        Assert.Equal(Author.Agent, sent.Message.Author);
        Assert.Equal(sent.Message.At, sent.Conversation.Escalation!.FirstHumanResponseAt);
        var customer = await conversation.PostMessageAsync(new PostMessage(Customer, "How do I reset my password?", "c1"));
        Assert.Null(customer.Reply);

        await conversation.ResolveAsync(new Caller(CallerRole.Agent, "ana"));
        Assert.Equal(0, (await Agent(tenant, "ana").GetAsync()).Load);
    }

    [Fact]
    public async Task AcceptNext_AtCapacity_GivesNothing()
    {
        var (tenant, _) = await EscalatedAsync(2);
        await Agent(tenant, "ana").SetPresenceAsync(Presence.Away, 1, ["support"]);
        Assert.NotNull(await Support(tenant).AssignAsync("ana", null));
        Assert.Null(await Support(tenant).AssignAsync("ana", null));
        Assert.Equal(1, (await Support(tenant).GetAsync(10)).Waiting);
    }

    [Fact]
    public async Task AnAgentGoingOffline_ReturnsUnansweredConversations_AndKeepsAnsweredOnes()
    {
        var (tenant, conversations) = await EscalatedAsync(2);
        await Agent(tenant, "ana").SetPresenceAsync(Presence.Away, 2, ["support"]);
        var first = (await Support(tenant).AssignAsync("ana", null))!;
        var second = (await Support(tenant).AssignAsync("ana", null))!;
        var answered = fixture.Grains.GetGrain<IConversationGrain>(GrainKeys.Scoped(tenant, first.ConversationId));
        await answered.PostMessageAsync(new PostMessage(new Caller(CallerRole.Agent, "ana"), "On it.", "a1"));

        await Agent(tenant, "ana").SetPresenceAsync(Presence.Offline, null, null);

        var queue = await WaitAsync(() => Support(tenant).GetAsync(10), q => q.Waiting == 1);
        Assert.Equal(second.Id, Assert.Single(queue.Items).Id);
        Assert.Equal(second.EnqueuedAt, queue.Items[0].EnqueuedAt);
        var returned = (await fixture.Grains.GetGrain<IConversationGrain>(GrainKeys.Scoped(tenant, second.ConversationId)).GetAsync())!;
        Assert.Equal(ConversationStatus.Queued, returned.Status);
        Assert.Equal(ConversationStatus.Human, (await answered.GetAsync())!.Status);
        var ana = await WaitAsync(() => Agent(tenant, "ana").GetAsync(), a => a.Load == 1);
        Assert.Equal(first.Id, Assert.Single(ana.Assignments).Id);
        Assert.Equal(2, conversations.Count);
    }

    [Fact]
    public async Task APresenceThatLapses_GoesOffline_AndReturnsUnansweredWork()
    {
        var (tenant, _) = await EscalatedAsync(1);
        await Agent(tenant, "ana").SetPresenceAsync(Presence.Away, 1, ["support"]);
        var item = (await Support(tenant).AssignAsync("ana", null))!;

        // No renewal for longer than the timeout (default 5 minutes) on the silo's clock.
        fixture.Time.Advance(new AgentOptions().PresenceTimeout + TimeSpan.FromSeconds(1));
        var ana = await WaitAsync(
            async () =>
            {
                fixture.Time.Advance(TimeSpan.FromSeconds(1));
                return await Agent(tenant, "ana").GetAsync();
            },
            a => a.Presence == Presence.Offline && a.Load == 0);
        Assert.Equal(Presence.Offline, ana.Presence);
        Assert.Equal(0, ana.Load);
        Assert.Equal(item.Id, Assert.Single((await WaitAsync(() => Support(tenant).GetAsync(10), q => q.Waiting == 1)).Items).Id);
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

    /// <summary>Polls a condition with a deadline (automatic assignment runs on the queue's own turn).</summary>
    private static async Task<T> WaitAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }

            await Task.Delay(20);
        }
    }
}
