using Hitl.Api.Live;
using Hitl.Grains.Common;
using Hitl.Grains.Live;
using Hitl.Grains.Queues;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Core.Internal;

namespace Hitl.Api.Tests.Live;

/// <summary>
/// Orleans does not keep one-way calls in order (a silo may address several of them at once), so the hub puts a
/// grain's notices back in order by the version each one follows, and never lets a version go back.
/// </summary>
[Collection(LiveCollection.Name)]
public sealed class LiveHubOrderTests(LiveFixture live)
{
    [Fact]
    public async Task Notices_that_arrive_out_of_order_reach_watchers_in_order_and_late_or_stale_ones_are_dropped()
    {
        var (tenant, _) = await live.Server.Client.CreateTenantAsync();
        var hub = live.Server.Factory.Services.GetRequiredService<LiveHub>();
        ILiveObserver observer = hub;
        using var subscription = await hub.WatchQueueAsync(tenant, "ordering");

        // The queue is new: version 0. Version 2 arrives before version 1.
        await observer.OnQueueChangedAsync(Notice(tenant, previous: 1, version: 2));
        await observer.OnQueueChangedAsync(Notice(tenant, previous: 0, version: 1));
        Assert.Equal(1, await NextVersionAsync(subscription));
        Assert.Equal(2, await NextVersionAsync(subscription));

        // A repeat of version 1 is dropped; version 4 without version 3 is let through once the gap patience
        // passed and a renewal found nothing newer; version 3 arriving after that is dropped (versions never go back).
        await observer.OnQueueChangedAsync(Notice(tenant, previous: 0, version: 1));
        await observer.OnQueueChangedAsync(Notice(tenant, previous: 3, version: 4));
        Assert.Equal(4, await NextVersionAsync(subscription));
        await observer.OnQueueChangedAsync(Notice(tenant, previous: 2, version: 3));
        await observer.OnQueueChangedAsync(Notice(tenant, previous: 4, version: 5));
        Assert.Equal(5, await NextVersionAsync(subscription));
    }

    [Fact]
    public async Task A_notice_whose_predecessor_never_came_waits_for_the_catch_up_that_covers_it()
    {
        var (tenant, hub, customer) = await QueueTenantAsync();
        ILiveObserver observer = hub;
        using var subscription = await hub.WatchQueueAsync(tenant, "support");

        // The queue's new activation does not know the hub until it renews, so the hub does not hear of the
        // escalation (version 1); a notice that follows it (version 2) arrives first.
        await EscalateUnheardAsync(tenant, customer);
        await observer.OnQueueChangedAsync(Notice(tenant, previous: 1, version: 2, queue: "support"));

        // Watchers hear of version 1 first (a catch-up, or the notice itself if a renewal beat the escalation).
        var first = await NextAsync(subscription);
        Assert.Equal(1, first.Version);
        Assert.Contains(first.Kind, new[] { QueueChange.Snapshot, QueueChange.Enqueued });
        Assert.Equal(2, await NextVersionAsync(subscription));
    }

    [Fact]
    public async Task The_notice_of_the_version_a_catch_up_reported_still_reaches_watchers()
    {
        var (tenant, hub, customer) = await QueueTenantAsync();
        ILiveObserver observer = hub;
        using var subscription = await hub.WatchQueueAsync(tenant, "support");

        // Version 1 happens where the hub does not hear of it; a renewal reports it (a catch-up at version 1) ...
        await EscalateUnheardAsync(tenant, customer);
        await hub.RenewAllAsync();
        var first = await NextAsync(subscription);
        Assert.Equal(1, first.Version);
        if (first.Kind == QueueChange.Enqueued)
        {
            // The hub's periodic renewal beat the escalation, so watchers heard its notice itself; a second copy of
            // that notice would be a repeat, and repeats are dropped (NoticeReorderBufferTests cover both cases).
            return;
        }

        // ... and then its notice arrives (a renewal can read a version while its change is still being written):
        // watchers get the event too, with what it says about the item.
        Assert.Equal(QueueChange.Snapshot, first.Kind);
        await observer.OnQueueChangedAsync(Notice(tenant, previous: 0, version: 1, queue: "support"));
        var late = await NextAsync(subscription);
        Assert.Equal((QueueChange.Enqueued, 1), (late.Kind, late.Version));
    }

    private async Task<(string Tenant, LiveHub Hub, (string Id, string Token) Customer)> QueueTenantAsync()
    {
        var (tenant, _) = await live.Server.Client.CreateTenantAsync();
        return (tenant, live.Server.Factory.Services.GetRequiredService<LiveHub>(), await live.Server.Client.StartConversationAsync(tenant));
    }

    /// <summary>Escalates into a new activation of the queue, which does not know the hub until it renews: the hub hears nothing of it.</summary>
    private async Task EscalateUnheardAsync(string tenant, (string Id, string Token) customer)
    {
        var queue = live.Server.Grains.GetGrain<IQueueGrain>(GrainKeys.Scoped(tenant, "support"));
        await queue.AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        (await live.Server.Client.PostAsync("mutation($c: ID!) { requestHuman(conversationId: $c) { id } }", new { c = customer.Id }, customer.Token)).Ok();
    }

    private static LiveNotice<QueueChange> Notice(string tenant, long previous, long version, string queue = "ordering") =>
        new(previous, version, [new QueueChange(tenant, queue, version, QueueChange.Enqueued, null, 0)]);

    private static async Task<long> NextVersionAsync(LiveSubscription<QueueChange> subscription) => (await NextAsync(subscription)).Version;

    private static async Task<QueueChange> NextAsync(LiveSubscription<QueueChange> subscription)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        return await subscription.Events.ReadAsync(timeout.Token);
    }
}
