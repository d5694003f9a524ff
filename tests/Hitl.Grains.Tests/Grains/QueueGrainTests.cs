using Hitl.Grains.Common;
using Hitl.Grains.Conversations;
using Hitl.Grains.Escalation;
using Hitl.Grains.Queues;

namespace Hitl.Grains.Tests.Grains;

[Collection(ClusterCollection.Name)]
public sealed class QueueGrainTests(ClusterFixture fixture)
{
    private static readonly Caller Customer = new(CallerRole.Customer, "customer");

    private static WorkItem Item(string id, int priority, DateTimeOffset at) =>
        new(id, WorkKind.Handoff, "c-" + id, "support", priority, [new Trigger(EscalationReason.Manual, "test", null)], at, null, null, null, false);

    [Fact]
    public async Task Items_AreServedMostUrgentThenOldest_AndEnqueueIsIdempotent()
    {
        var queue = fixture.Grains.GetGrain<IQueueGrain>(GrainKeys.Scoped("t" + Guid.NewGuid().ToString("N")[..8], "support"));
        var t0 = fixture.Time.GetUtcNow();
        await queue.EnqueueAsync(Item("old-low", 1, t0.AddSeconds(-60)));
        await queue.EnqueueAsync(Item("new-high", 3, t0));
        await queue.EnqueueAsync(Item("old-high", 3, t0.AddSeconds(-30)));
        var before = await queue.GetAsync(10);
        await queue.EnqueueAsync(Item("old-high", 3, t0.AddSeconds(-30)));

        var view = await queue.GetAsync(10);
        Assert.Equal(["old-high", "new-high", "old-low"], view.Items.Select(i => i.Id));
        Assert.Equal(3, view.Waiting);
        Assert.Equal(before.Version, view.Version);
        Assert.Equal(60, view.OldestWaitingSeconds!.Value, 3);
        Assert.Equal(["old-high"], (await queue.GetAsync(1)).Items.Select(i => i.Id));
    }

    [Fact]
    public async Task Remove_TakesTheItemOut_AndBumpsTheVersion()
    {
        var queue = fixture.Grains.GetGrain<IQueueGrain>(GrainKeys.Scoped("t" + Guid.NewGuid().ToString("N")[..8], "support"));
        await queue.EnqueueAsync(Item("a", 1, fixture.Time.GetUtcNow()));
        var version = (await queue.GetAsync(0)).Version;
        Assert.True(await queue.RemoveAsync("a"));
        Assert.False(await queue.RemoveAsync("a"));
        var view = await queue.GetAsync(10);
        Assert.Equal(0, view.Waiting);
        Assert.Null(view.OldestWaitingSeconds);
        Assert.Equal(version + 1, view.Version);
    }

    [Fact]
    public async Task AnEscalation_WaitsInItsQueue_WithItsReasons_AndLeavesWhenResolved()
    {
        var tenant = await TestTenants.CreateAsync(fixture.Grains);
        var id = Ids.New("c_");
        var conversation = fixture.Grains.GetGrain<IConversationGrain>(GrainKeys.Scoped(tenant, id));
        await conversation.StartAsync(null, null);
        var escalated = (await conversation.PostMessageAsync(new PostMessage(Customer, "my lawyer will be in touch about the data you leaked", "m1"))).Conversation;

        var legal = fixture.Grains.GetGrain<IQueueGrain>(GrainKeys.Scoped(tenant, "legal"));
        var item = Assert.Single((await legal.GetAsync(10)).Items);
        Assert.Equal(escalated.Escalation!.Id, item.Id);
        Assert.Equal(WorkKind.Handoff, item.Kind);
        Assert.Equal(id, item.ConversationId);
        Assert.Equal(3, item.Priority);
        Assert.Equal(escalated.Escalation.DueAt, item.DueAt);
        Assert.Contains(item.Reasons, r => r.Reason == EscalationReason.SensitiveTopic);

        // A reactivation re-sends the open escalation, and the queue keeps one item.
        await fixture.Cluster.DeactivateAsync(conversation);
        await conversation.GetAsync();
        Assert.Single((await legal.GetAsync(10)).Items);

        await conversation.ResolveAsync(new Caller(CallerRole.Manager, "boss"));
        Assert.Equal(0, (await legal.GetAsync(10)).Waiting);
    }
}
