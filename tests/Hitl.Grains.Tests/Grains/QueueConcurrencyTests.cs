using Hitl.Grains.Common;
using Hitl.Grains.Queues;

namespace Hitl.Grains.Tests.Grains;

/// <summary>The queue is reentrant: calls interleave at every await, and each must still see what the others did.</summary>
[Collection(ClusterCollection.Name)]
public sealed class QueueConcurrencyTests(ClusterFixture fixture)
{
    private static WorkItem Item(string id, DateTimeOffset at) =>
        new(id, WorkKind.Handoff, "c-" + id, "support", 1, [], at, null, null, null, false);

    [Fact]
    public async Task TwoConcurrentFirstEnqueuesOfOneItem_AddItOnce_AndTheVersionGrowsOnce()
    {
        // A fresh queue: both calls wait on the tenant (registering the queue) before they insert.
        var queue = fixture.Grains.GetGrain<IQueueGrain>(GrainKeys.Scoped("t" + Guid.NewGuid().ToString("N")[..8], "support"));
        var item = Item("same", fixture.Time.GetUtcNow());

        await Task.WhenAll(queue.EnqueueAsync(item), queue.EnqueueAsync(item));

        var view = await queue.GetAsync(10);
        Assert.Equal("same", Assert.Single(view.Items).Id);
        Assert.Equal(1, view.Version);

        await fixture.Cluster.DeactivateAsync(queue);
        var stored = await queue.GetAsync(10);
        Assert.Single(stored.Items);
        Assert.Equal(1, stored.Version);
    }

    [Fact]
    public async Task ConcurrentEnqueuesOfDifferentItems_AreAllStored_EachWithItsOwnVersion()
    {
        var queue = fixture.Grains.GetGrain<IQueueGrain>(GrainKeys.Scoped("t" + Guid.NewGuid().ToString("N")[..8], "support"));
        var at = fixture.Time.GetUtcNow();

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => queue.EnqueueAsync(Item($"w{i}", at.AddSeconds(i)))));

        var view = await queue.GetAsync(50);
        Assert.Equal(20, view.Waiting);
        Assert.Equal(20, view.Version);
        await fixture.Cluster.DeactivateAsync(queue);
        var stored = await queue.GetAsync(50);
        Assert.Equal(20, stored.Waiting);
        Assert.Equal(20, stored.Version);
    }
}
