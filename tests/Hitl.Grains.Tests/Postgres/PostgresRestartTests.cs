using Hitl.Grains.Agents;
using Hitl.Grains.Common;
using Hitl.Grains.Conversations;
using Hitl.Grains.Queues;
using Hitl.Grains.Tenants;

namespace Hitl.Grains.Tests.Postgres;

/// <summary>A whole PostgreSQL cluster stops and a new one starts on the same database: grain state and reminders survive.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresRestartTests(PostgresFixture fixture)
{
    [Fact]
    public async Task State_and_reminders_survive_a_full_cluster_restart()
    {
        var database = await fixture.MigratedDatabaseAsync();
        var service = "restart-" + Guid.NewGuid().ToString("N")[..8];
        var presenceTimeout = TimeSpan.FromSeconds(3);
        void Configure(Hitl.Silo.Hosting.HitlOptions o) => o.Agents.PresenceTimeout = presenceTimeout;
        var conversationKey = GrainKeys.Scoped("acme", "c1");
        var agentKey = GrainKeys.Scoped("acme", "ava");
        var customer = new Caller(CallerRole.Customer, "c1");

        await using (var first = await PostgresSilo.StartAsync(database, service, Configure))
        {
            await first.Grains.GetGrain<ITenantGrain>("acme").CreateAsync("Acme", ApiKeys.Hash("k"));
            var conversation = first.Grains.GetGrain<IConversationGrain>(conversationKey);
            await conversation.StartAsync("Dana", null);
            await conversation.RequestHumanAsync(customer);
            for (var i = 0; i < 50; i++)
            {
                await conversation.PostMessageAsync(new PostMessage(customer, $"m{i}", $"id{i}"));
            }

            // The agent goes online and falls silent: only the durable presence reminder, due in a few
            // seconds, can notice. The cluster stops before it is due.
            await first.Grains.GetGrain<IAgentGrain>(agentKey).SetGrantedQueuesAsync(["billing"]);
            var agent = await first.Grains.GetGrain<IAgentGrain>(agentKey).SetPresenceAsync(Presence.Online, 2, ["billing"]);
            Assert.Equal(Presence.Online, agent.Presence);
        }

        await using var second = await PostgresSilo.StartAsync(database, service, Configure);
        var reloaded = second.Grains.GetGrain<IConversationGrain>(conversationKey);
        var view = await reloaded.GetAsync();
        Assert.NotNull(view);
        Assert.Equal(ConversationStatus.Queued, view.Status);
        Assert.Equal(51, view.MessageCount);
        var messages = await reloaded.GetMessagesAsync(100);
        Assert.Equal("m49", messages[^1].Text);
        Assert.True(await second.Grains.GetGrain<ITenantGrain>("acme").VerifyApiKeyAsync(ApiKeys.Hash("k")));
        var queue = await second.Grains.GetGrain<IQueueGrain>(GrainKeys.Scoped("acme", "support")).GetAsync(10);
        Assert.Contains(queue.Items, i => i.ConversationId == "c1");

        // The reminder was stored by the first cluster and fires in the second one.
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(90);
        AgentView ava;
        do
        {
            ava = await second.Grains.GetGrain<IAgentGrain>(agentKey).GetAsync();
            if (ava.Presence == Presence.Offline)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
        while (DateTimeOffset.UtcNow < deadline);

        Assert.Equal(Presence.Offline, ava.Presence);
    }
}
