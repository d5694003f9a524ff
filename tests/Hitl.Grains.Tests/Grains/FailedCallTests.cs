using Hitl.Grains.Agents;
using Hitl.Grains.Common;
using Hitl.Grains.Conversations;
using Hitl.Grains.Queues;

namespace Hitl.Grains.Tests.Grains;

/// <summary>
/// A grain that answers UNAVAILABLE (its write failed: here a stale ETag, as after another activation wrote) is a
/// failed call to its caller, never a refusal: the caller retries or undoes what it reserved, and nothing is left
/// half done between two grains.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class FailedCallTests(ClusterFixture fixture)
{
    private static readonly Caller Customer = new(CallerRole.Customer, "customer");
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Escalation_WhoseQueueCannotStoreIt_IsAcknowledged_AndReachesTheQueueOnARetry()
    {
        var tenant = await TestTenants.CreateAsync(fixture.Grains);
        var queue = fixture.Grains.GetGrain<IQueueGrain>(GrainKeys.Scoped(tenant, "support"));
        var first = await EscalatedAsync(tenant);
        await StoredState.ChangeAsync<QueueState>(fixture, queue, "queue", s => s.Version += 10);

        // The conversation stored its escalation; the queue's write fails on the stale ETag (and the queue reloads).
        var second = fixture.Grains.GetGrain<IConversationGrain>(GrainKeys.Scoped(tenant, Ids.New("c_")));
        await second.StartAsync(null, null);
        var view = await second.RequestHumanAsync(Customer);
        Assert.Equal(ConversationStatus.Queued, view.Status);

        // The conversation's outbox tries again on its own (a grain timer), with no other command.
        var deadline = DateTime.UtcNow + Deadline;
        while (!(await queue.GetAsync(10)).Items.Any(i => i.Id == view.Escalation!.Id))
        {
            Assert.True(DateTime.UtcNow < deadline, "The escalation never reached its queue.");
            fixture.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(50);
        }

        Assert.Contains((await queue.GetAsync(10)).Items, i => i.Id == first.Escalation!.Id);
    }

    [Fact]
    public async Task Claim_OfAConversationThatCannotStoreTheAssignment_IsUnavailable_AndFreesTheAgentsSlot()
    {
        var tenant = await TestTenants.CreateAsync(fixture.Grains);
        var conversation = await EscalatedAsync(tenant);
        var grain = fixture.Grains.GetGrain<IConversationGrain>(GrainKeys.Scoped(tenant, conversation.Id));
        var agent = fixture.Grains.GetGrain<IAgentGrain>(GrainKeys.Scoped(tenant, "ava"));
        await agent.SetPresenceAsync(Presence.Away, 1, ["support"]);
        await StoredState.ChangeAsync<ConversationState>(fixture, grain, "conversation", s => s.CustomerName = "renamed elsewhere");

        var queue = fixture.Grains.GetGrain<IQueueGrain>(GrainKeys.Scoped(tenant, "support"));
        var error = await Assert.ThrowsAsync<HitlException>(() => queue.AssignAsync("ava", conversation.Escalation!.Id));
        Assert.Equal(HitlErrorCodes.Unavailable, error.Code);

        Assert.Empty((await agent.GetAsync()).Assignments);
        var reloaded = (await grain.GetAsync())!;
        Assert.Equal((ConversationStatus.Queued, "renamed elsewhere"), (reloaded.Status, reloaded.CustomerName));

        // The item still waits, and the retry of the claim succeeds.
        var claimed = await queue.AssignAsync("ava", conversation.Escalation!.Id);
        Assert.Equal("ava", claimed?.AssignedTo);
        Assert.Equal(ConversationStatus.Human, (await grain.GetAsync())!.Status);
    }

    [Fact]
    public async Task Command_ThatFailsAfterChangingTheConversation_LeavesNothingOfItBehind()
    {
        // No such tenant: the first message is appended, then reading the tenant's policy fails (NOT_FOUND).
        var grain = fixture.Grains.GetGrain<IConversationGrain>(GrainKeys.Scoped("ghost" + Guid.NewGuid().ToString("N")[..8], Ids.New("c_")));
        var error = await Assert.ThrowsAsync<HitlException>(() => grain.StartAsync("Dana", "How do I reset my password?"));
        Assert.Equal(HitlErrorCodes.NotFound, error.Code);

        // The activation that held the unstored start is gone: until it is, calls are UNAVAILABLE; then the
        // conversation is what storage holds, never started.
        var deadline = DateTime.UtcNow + Deadline;
        ConversationView? view;
        while (true)
        {
            try
            {
                view = await grain.GetAsync();
                break;
            }
            catch (HitlException retry) when (retry.Code == HitlErrorCodes.Unavailable && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }
        }

        Assert.Null(view);
        var started = await grain.StartAsync("Dana", null);
        Assert.Equal(0, started.MessageCount);
    }

    private async Task<ConversationView> EscalatedAsync(string tenant)
    {
        var grain = fixture.Grains.GetGrain<IConversationGrain>(GrainKeys.Scoped(tenant, Ids.New("c_")));
        await grain.StartAsync(null, null);
        return await grain.RequestHumanAsync(Customer);
    }
}
