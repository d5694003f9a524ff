using Hitl.Grains.Agents;
using Hitl.Grains.Common;
using Hitl.Grains.Conversations;
using Hitl.Grains.Queues;
using Hitl.Grains.Tenants;

namespace Hitl.Grains.Tests.Grains;

/// <summary>
/// Another writer changed a grain's row (as a second activation may during cluster changes): the grain's next
/// write meets a stale ETag. The command fails with UNAVAILABLE and changes nothing, and the next call starts
/// from what storage holds, so a retry applies on top of the other writer's change.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class StateWriteConflictTests(ClusterFixture fixture)
{
    private static readonly Caller Customer = new(CallerRole.Customer, "customer");

    private static WorkItem Item(string id, DateTimeOffset at) =>
        new(id, WorkKind.Handoff, "c-" + id, "support", 1, [], at, null, null, null, false);

    [Fact]
    public async Task Queue_EnqueueOnAStaleETag_IsUnavailable_AndTheQueueReloads()
    {
        var queue = fixture.Grains.GetGrain<IQueueGrain>(GrainKeys.Scoped("t" + Guid.NewGuid().ToString("N")[..8], "support"));
        var at = fixture.Time.GetUtcNow();
        await queue.EnqueueAsync(Item("a", at));
        await StoredState.ChangeAsync<QueueState>(fixture, queue, "queue", s =>
        {
            s.Items["b"] = Item("b", at);
            s.Version++;
        });

        var error = await Assert.ThrowsAsync<HitlException>(() => queue.EnqueueAsync(Item("c", at)));
        Assert.Equal(HitlErrorCodes.Unavailable, error.Code);

        var reloaded = await queue.GetAsync(10);
        Assert.Equal(["a", "b"], reloaded.Items.Select(i => i.Id));
        Assert.Equal(2, reloaded.Version);

        await queue.EnqueueAsync(Item("c", at));
        var view = await queue.GetAsync(10);
        Assert.Equal(["a", "b", "c"], view.Items.Select(i => i.Id));
        Assert.Equal(3, view.Version);
        Assert.Equal(3, (await StoredState.ReadAsync<QueueState>(fixture, queue, "queue")).State.Version);
    }

    [Fact]
    public async Task Agent_SetPresenceOnAStaleETag_IsUnavailable_AndTheAgentReloads()
    {
        var agent = fixture.Grains.GetGrain<IAgentGrain>(GrainKeys.Scoped("t" + Guid.NewGuid().ToString("N")[..8], "ana"));
        await agent.SetPresenceAsync(Presence.Online, 2, ["support"]);
        await StoredState.ChangeAsync<AgentState>(fixture, agent, "agent", s => s.Capacity = 7);

        var error = await Assert.ThrowsAsync<HitlException>(() => agent.SetPresenceAsync(Presence.Away, 3, null));
        Assert.Equal(HitlErrorCodes.Unavailable, error.Code);

        var reloaded = await agent.GetAsync();
        Assert.Equal(Presence.Online, reloaded.Presence);
        Assert.Equal(7, reloaded.Capacity);

        var retried = await agent.SetPresenceAsync(Presence.Away, 3, null);
        Assert.Equal(Presence.Away, retried.Presence);
        Assert.Equal(3, retried.Capacity);
        Assert.Equal(3, (await StoredState.ReadAsync<AgentState>(fixture, agent, "agent")).State.Capacity);
    }

    [Fact]
    public async Task Tenant_UpdatePolicyOnAStaleETag_IsUnavailable_AndTheTenantReloads()
    {
        var id = await TestTenants.CreateAsync(fixture.Grains, withArticles: false);
        var tenant = fixture.Grains.GetGrain<ITenantGrain>(id);
        var before = await tenant.GetPolicyAsync();
        await StoredState.ChangeAsync<TenantState>(fixture, tenant, "tenant", s => s.Name = "Renamed elsewhere");

        var error = await Assert.ThrowsAsync<HitlException>(() => tenant.UpdatePolicyAsync(new PolicyPatch { SlaSeconds = 60 }));
        Assert.Equal(HitlErrorCodes.Unavailable, error.Code);

        Assert.Equal("Renamed elsewhere", (await tenant.GetAsync())!.Name);
        Assert.Equal(before.Version, (await tenant.GetPolicyAsync()).Version);

        var updated = await tenant.UpdatePolicyAsync(new PolicyPatch { SlaSeconds = 60 });
        Assert.Equal(before.Version + 1, updated.Version);
        Assert.Equal("Renamed elsewhere", (await tenant.GetAsync())!.Name);
    }

    [Fact]
    public async Task Tenant_CreateWhenAnotherWriterCreatedItFirst_IsUnavailable_ThenAConflict()
    {
        var tenant = fixture.Grains.GetGrain<ITenantGrain>("t" + Guid.NewGuid().ToString("N")[..10]);
        Assert.Null(await tenant.GetAsync()); // active, holding "no row"
        await StoredState.ChangeAsync<TenantState>(fixture, tenant, "tenant", s =>
        {
            s.Created = true;
            s.Name = "First";
            s.ApiKeyHash = ApiKeys.Hash("k1");
        });

        var error = await Assert.ThrowsAsync<HitlException>(() => tenant.CreateAsync("Second", ApiKeys.Hash("k2")));
        Assert.Equal(HitlErrorCodes.Unavailable, error.Code);

        Assert.Equal("First", (await tenant.GetAsync())!.Name);
        Assert.True(await tenant.VerifyApiKeyAsync(ApiKeys.Hash("k1")));
        Assert.Equal(HitlErrorCodes.Conflict, (await Assert.ThrowsAsync<HitlException>(() => tenant.CreateAsync("Second", ApiKeys.Hash("k2")))).Code);
    }

    /// <summary>Black box, through the conversation's interface only.</summary>
    [Fact]
    public async Task Conversation_PostMessageOnAStaleETag_IsUnavailable_AndARetryAfterTheReloadWorks()
    {
        var tenant = await TestTenants.CreateAsync(fixture.Grains);
        var conversation = fixture.Grains.GetGrain<IConversationGrain>(GrainKeys.Scoped(tenant, Ids.New("c_")));
        var started = await conversation.StartAsync("Dana", null);
        await StoredState.ChangeAsync<ConversationState>(fixture, conversation, "conversation", s => s.CustomerName = "Dana (renamed elsewhere)");

        var error = await Assert.ThrowsAsync<HitlException>(() => conversation.PostMessageAsync(new PostMessage(Customer, "How do I reset my password?", "m1")));
        Assert.Equal(HitlErrorCodes.Unavailable, error.Code);

        var reloaded = (await conversation.GetAsync())!;
        Assert.Equal("Dana (renamed elsewhere)", reloaded.CustomerName);
        Assert.Equal(started.MessageCount, reloaded.MessageCount);

        var sent = await conversation.PostMessageAsync(new PostMessage(Customer, "How do I reset my password?", "m1"));
        Assert.Equal("Dana (renamed elsewhere)", sent.Conversation.CustomerName);
        var messages = await conversation.GetMessagesAsync(10);
        Assert.Single(messages, m => m.Author == Author.Customer && m.Text == "How do I reset my password?");
    }
}
