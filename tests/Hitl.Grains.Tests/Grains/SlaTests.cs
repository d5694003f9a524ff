using Hitl.Grains.Common;
using Hitl.Grains.Conversations;
using Hitl.Grains.Queues;
using Hitl.Grains.Tenants;

namespace Hitl.Grains.Tests.Grains;

/// <summary>A durable reminder tracks each escalation's due time.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SlaTests(ClusterFixture fixture)
{
    [Fact]
    public async Task AnUnansweredEscalation_IsMarkedBreachedAtItsDueTime_AndRisesInItsQueue()
    {
        var tenant = await TestTenants.CreateAsync(fixture.Grains);
        await fixture.Grains.GetGrain<ITenantGrain>(tenant).UpdatePolicyAsync(new PolicyPatch { SlaSeconds = 1 });
        var conversation = fixture.Grains.GetGrain<IConversationGrain>(GrainKeys.Scoped(tenant, Ids.New("c_")));
        await conversation.StartAsync(null, null);
        var escalated = await conversation.RequestHumanAsync(new Caller(CallerRole.Customer, "c"));
        var priority = escalated.Escalation!.Priority;

        // The silo's clock is the fake one: move it past the due time and the reminder fires.
        fixture.Time.Advance(TimeSpan.FromSeconds(2));

        var deadline = DateTime.UtcNow.AddSeconds(30);
        ConversationView view;
        do
        {
            view = (await conversation.GetAsync())!;
        }
        while (!view.Escalation!.Breached && DateTime.UtcNow < deadline && await Pause(fixture));

        Assert.True(view.Escalation.Breached);
        Assert.Equal(priority + 1, view.Escalation.Priority);
        var item = Assert.Single((await fixture.Grains.GetGrain<IQueueGrain>(GrainKeys.Scoped(tenant, "support")).GetAsync(10)).Items);
        Assert.True(item.Breached);
        Assert.Equal(priority + 1, item.Priority);
    }

    private static async Task<bool> Pause(ClusterFixture fixture)
    {
        await Task.Delay(50);
        fixture.Time.Advance(TimeSpan.FromMilliseconds(100));
        return true;
    }
}
