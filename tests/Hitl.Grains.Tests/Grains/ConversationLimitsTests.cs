using Hitl.Grains.Common;
using Hitl.Grains.Conversations;
using Hitl.Grains.Queues;

namespace Hitl.Grains.Tests.Grains;

/// <summary>
/// Issue 17, part A2: per-tenant caps on open conversations and waiting items, idle conversations leaving memory, the
/// requestHuman cooldown, bounded escalation records and the writer check before a sendMessage replay. Each attack is
/// sent as the grain's callers send it; each refusal is checked to change nothing.
/// </summary>
[Collection(LimitsClusterCollection.Name)]
public sealed class ConversationLimitsTests(LimitsClusterFixture fixture)
{
    private static readonly Caller Customer = new(CallerRole.Customer, "customer");
    private static readonly Caller Ana = new(CallerRole.Agent, "ana");
    private static readonly Caller Bob = new(CallerRole.Agent, "bob");
    private static readonly Caller Manager = new(CallerRole.Manager, "mia");

    private IConversationGrain Grain(string tenant, string id) =>
        fixture.Grains.GetGrain<IConversationGrain>(GrainKeys.Scoped(tenant, id));

    private IQueueGrain Queue(string tenant, string name = "support") =>
        fixture.Grains.GetGrain<IQueueGrain>(GrainKeys.Scoped(tenant, name));

    private async Task<IConversationGrain> StartedAsync(string tenant)
    {
        var grain = Grain(tenant, Ids.New("c_"));
        await grain.StartAsync("Casey", null);
        return grain;
    }

    [Fact]
    public async Task AReplayedClientMessage_FromAnAgentWhoNoLongerOwnsTheConversation_IsForbidden_NotAnswered()
    {
        var tenant = await TestTenants.CreateAsync(fixture.Grains, withArticles: false);
        var grain = await StartedAsync(tenant);
        var escalated = await grain.RequestHumanAsync(Customer);
        await grain.AcceptAssignmentAsync(escalated.Escalation!.Id, "ana");
        var first = await grain.PostMessageAsync(new PostMessage(Ana, "Hi, Ana here.", "a1"));
        var customer = await grain.PostMessageAsync(new PostMessage(Customer, "thanks", "c1"));

        // While ana owns it, her retry answers the first result (nothing new is appended).
        var retry = await grain.PostMessageAsync(new PostMessage(Ana, "Hi, Ana here.", "a1"));
        Assert.Equal(first.Message.Id, retry.Message.Id);

        await grain.HandBackAsync(Ana);
        var before = (await grain.GetAsync())!;

        var error = await Assert.ThrowsAsync<HitlException>(() => grain.PostMessageAsync(new PostMessage(Ana, "Hi, Ana here.", "a1")));
        Assert.Equal(HitlErrorCodes.Forbidden, error.Code);
        var other = await Assert.ThrowsAsync<HitlException>(() => grain.PostMessageAsync(new PostMessage(Bob, "Hi, Ana here.", "a1")));
        Assert.Equal(HitlErrorCodes.Forbidden, other.Code);

        var after = (await grain.GetAsync())!;
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.MessageCount, after.MessageCount);

        // The customer, who may always write, still gets their retry answered.
        var customerRetry = await grain.PostMessageAsync(new PostMessage(Customer, "thanks", "c1"));
        Assert.Equal(customer.Message.Id, customerRetry.Message.Id);
        Assert.Equal(after.Version, customerRetry.Conversation.Version);
    }

    [Fact]
    public async Task StartingConversationsBeyondTheTenantsCap_IsRateLimited_AndCreatesNothing_UntilOneCloses()
    {
        var tenant = await TestTenants.CreateAsync(fixture.Grains, withArticles: false);
        var open = new List<IConversationGrain>();
        for (var i = 0; i < LimitsClusterFixture.OpenConversations; i++)
        {
            open.Add(await StartedAsync(tenant));
        }

        Assert.Equal(LimitsClusterFixture.OpenConversations, fixture.Gauge.Count(tenant));
        var refused = Grain(tenant, Ids.New("c_"));
        var error = await Assert.ThrowsAsync<HitlException>(() => refused.StartAsync("Mallory", "hello"));
        Assert.Equal(HitlErrorCodes.RateLimited, error.Code);
        Assert.Null(await refused.GetAsync());
        Assert.Equal(LimitsClusterFixture.OpenConversations, fixture.Gauge.Count(tenant));

        // Another tenant is not held back by this one.
        var neighbour = await TestTenants.CreateAsync(fixture.Grains, withArticles: false);
        await StartedAsync(neighbour);

        // A resolved conversation no longer counts: there is room again.
        await open[0].ResolveAsync(Customer);
        Assert.Equal(LimitsClusterFixture.OpenConversations - 1, fixture.Gauge.Count(tenant));
        var admitted = await refused.StartAsync("Casey", null);
        Assert.Equal(ConversationStatus.Bot, admitted.Status);

        // Customers of existing conversations are never refused: a resolved one reopens beyond the cap.
        var reopened = await open[0].PostMessageAsync(new PostMessage(Customer, "one more thing", "c2"));
        Assert.NotEqual(ConversationStatus.Resolved, reopened.Conversation.Status);
    }

    [Fact]
    public async Task AnExplicitRequestHuman_ToAFullQueue_IsRateLimited_AndChangesNothing()
    {
        var tenant = await TestTenants.CreateAsync(fixture.Grains, withArticles: false);
        for (var i = 0; i < LimitsClusterFixture.WaitingItems; i++)
        {
            await (await StartedAsync(tenant)).RequestHumanAsync(Customer);
        }

        var grain = await StartedAsync(tenant);
        var before = (await grain.GetAsync())!;
        var error = await Assert.ThrowsAsync<HitlException>(() => grain.RequestHumanAsync(Customer));
        Assert.Equal(HitlErrorCodes.RateLimited, error.Code);

        var after = (await grain.GetAsync())!;
        Assert.Equal(ConversationStatus.Bot, after.Status);
        Assert.Equal(before.Version, after.Version);
        Assert.Empty(after.Escalations);
        Assert.Equal(LimitsClusterFixture.WaitingItems, (await Queue(tenant).GetAsync(10)).Waiting);
        Assert.False(await Queue(tenant).HasRoomAsync());
    }

    [Fact]
    public async Task AnAutomaticEscalation_ToAFullQueue_KeepsTheCustomersMessage_AndItsItemWaitsForRoom()
    {
        var tenant = await TestTenants.CreateAsync(fixture.Grains, withArticles: false);
        var waiting = new List<IConversationGrain>();
        for (var i = 0; i < LimitsClusterFixture.WaitingItems; i++)
        {
            var queued = await StartedAsync(tenant);
            await queued.RequestHumanAsync(Customer);
            waiting.Add(queued);
        }

        var grain = await StartedAsync(tenant);
        var sent = await grain.PostMessageAsync(new PostMessage(Customer, "what's the weather going to be in Lisbon tomorrow?", "c1"));

        // Acknowledged and escalated; the full queue took no new item.
        Assert.Equal(ConversationStatus.Queued, sent.Conversation.Status);
        var queueName = sent.Conversation.Owner.Queue!;
        Assert.Equal("support", queueName);
        Assert.Contains(await grain.GetMessagesAsync(10), m => m.Id == sent.Message.Id);
        var queue = await Queue(tenant).GetAsync(10);
        Assert.Equal(LimitsClusterFixture.WaitingItems, queue.Waiting);
        Assert.DoesNotContain(queue.Items, item => item.ConversationId == sent.Conversation.Id);

        // Room frees up: the conversation's outbox offers the item again and it is queued, not lost.
        await waiting[0].ResolveAsync(Manager);
        await WaitUntilAsync(
            async () => (await Queue(tenant).GetAsync(10)).Items.Any(item => item.ConversationId == sent.Conversation.Id),
            advance: HandoffOutbox.Retry);
        Assert.Equal(LimitsClusterFixture.WaitingItems, (await Queue(tenant).GetAsync(10)).Waiting);
    }

    [Fact]
    public async Task RequestHuman_RightAfterTheCustomerResolved_IsRateLimited_AndChangesNothing_UntilTheCooldownPasses()
    {
        var tenant = await TestTenants.CreateAsync(fixture.Grains, withArticles: false);
        var grain = await StartedAsync(tenant);
        var resolved = await grain.ResolveAsync(Customer);

        var error = await Assert.ThrowsAsync<HitlException>(() => grain.RequestHumanAsync(Customer));
        Assert.Equal(HitlErrorCodes.RateLimited, error.Code);
        var after = (await grain.GetAsync())!;
        Assert.Equal(ConversationStatus.Resolved, after.Status);
        Assert.Equal(resolved.Version, after.Version);
        Assert.Equal(0, (await Queue(tenant).GetAsync(10)).Waiting);

        fixture.Time.Advance(LimitsClusterFixture.Cooldown + TimeSpan.FromSeconds(1));
        Assert.Equal(ConversationStatus.Queued, (await grain.RequestHumanAsync(Customer)).Status);
    }

    [Fact]
    public async Task AManager_IsNotHeldBackByTheCustomersCooldown()
    {
        var tenant = await TestTenants.CreateAsync(fixture.Grains, withArticles: false);
        var grain = await StartedAsync(tenant);
        await grain.ResolveAsync(Customer);
        Assert.Equal(ConversationStatus.Queued, (await grain.RequestHumanAsync(Manager)).Status);
    }

    [Fact]
    public async Task AFloodOfRequestHumanAndHandBackCycles_KeepsTheStoredEscalationsBounded()
    {
        var tenant = await TestTenants.CreateAsync(fixture.Grains, withArticles: false);
        var grain = await StartedAsync(tenant);
        for (var i = 0; i < Conversation.KeptEscalations * 2; i++)
        {
            await grain.RequestHumanAsync(Customer);
            await grain.HandBackAsync(Manager);
        }

        var view = (await grain.GetAsync())!;
        Assert.Equal(ConversationStatus.Bot, view.Status);
        Assert.Equal(Conversation.KeptEscalations, view.Escalations.Count);
        Assert.Equal(0, (await Queue(tenant).GetAsync(10)).Waiting);
    }

    [Fact]
    public async Task IdleConversations_WithTheBotOrResolved_AreClosedAndLeaveMemory_WhileQueuedOnesStay()
    {
        var tenant = await TestTenants.CreateAsync(fixture.Grains, withArticles: false);
        var idle = await StartedAsync(tenant);
        var resolved = await StartedAsync(tenant);
        await resolved.ResolveAsync(Customer);
        var queued = await StartedAsync(tenant);
        await queued.RequestHumanAsync(Customer);
        Assert.Equal(2, fixture.Gauge.Count(tenant));
        var management = fixture.Grains.GetGrain<IManagementGrain>(0);
        var type = idle.GetGrainId().Type;
        Assert.Contains(idle.GetGrainId(), await management.GetActiveGrains(type));

        fixture.Time.Advance(LimitsClusterFixture.IdleTtl + TimeSpan.FromMinutes(1));

        await WaitUntilAsync(async () =>
        {
            var active = await management.GetActiveGrains(type);
            return !active.Contains(idle.GetGrainId()) && !active.Contains(resolved.GetGrainId());
        });
        Assert.Contains(queued.GetGrainId(), await management.GetActiveGrains(type));
        Assert.Equal(1, fixture.Gauge.Count(tenant));

        // Stored as closed: resolved by the idle check, which counts it like any resolve (the bot solved it).
        Assert.Equal(ConversationStatus.Resolved, (await idle.GetAsync())!.Status);
        Assert.Equal(ConversationStatus.Resolved, (await resolved.GetAsync())!.Status);
        Assert.Equal(ConversationStatus.Queued, (await queued.GetAsync())!.Status);
    }

    /// <summary>Waits (bounded) for something the silo does on its own; <paramref name="advance"/> moves the fake clock on each round.</summary>
    private async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan? advance = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The silo did not get there in 30 seconds.");
            if (advance is { } step)
            {
                fixture.Time.Advance(step);
            }

            await Task.Delay(20);
        }
    }
}
