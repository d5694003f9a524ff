using System.Text.Json;
using Hitl.Api.Tests.Infrastructure;
using Hitl.Grains.Common;
using Hitl.Grains.Conversations;
using Hitl.Grains.Queues;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Hitl.Api.Tests.Restart;

/// <summary>
/// Durable reminders across a restart of the embedded server on the same data directory: an SLA due while the
/// server was down still breaches, and an agent who stays silent is still sent OFFLINE, its unanswered conversation
/// back in the queue. After the restart, grains and reminders run on a fake clock the test moves; Orleans' own loops on
/// real time.
/// </summary>
public sealed class ReminderRestartTests
{
    private const string SetPresence = "mutation($i: SetPresenceInput!) { setPresence(input: $i) { presence load } }";
    private const string ConversationQuery = "query($id: ID!) { conversation(id: $id) { status owner { kind agentId queue } escalation { id priority } } }";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PresenceTimeout = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task AfterARestart_TheSlaBreachStillFires_AndASilentAgentGoesOffline_ItsConversationBackInTheQueue()
    {
        var data = Path.Combine(Path.GetTempPath(), "hitl-restart-" + Guid.NewGuid().ToString("N"));
        string tenant, manager, held, waiting;
        int heldPriority, waitingPriority;

        // The first run is on real time and ends long before any due time (30 s SLA, one minute of presence).
        var first = new HitlApiFactory(data, settings: Settings);
        try
        {
            var host = first;
            var client = new GraphQLClient(host.CreateClient());
            (tenant, var apiKey) = await client.CreateTenantAsync();
            manager = await client.TokenAsync(tenant, apiKey, "MANAGER", "mia");
            (await client.PostAsync("mutation { updatePolicy(input: { slaSeconds: 30 }) { version } }", token: manager)).Ok();
            var agent = await client.TokenAsync(tenant, apiKey, "AGENT", "ana");
            (await client.PostAsync(SetPresence, new { i = new { presence = "ONLINE", capacity = 1, queues = new[] { "support" } } }, agent)).Ok();

            // Held: assigned to ana, who never answers. Waiting: ana is full, so it waits in the queue.
            held = await EscalateAsync(client, tenant);
            (await client.PostAsync("mutation { acceptNext(queue: \"support\") { id } }", token: agent)).Ok();
            var heldView = await UntilAsync(client, null, TimeSpan.Zero, ConversationQuery, new { id = held }, manager, c => c.GetProperty("conversation").GetProperty("status").GetString() == "HUMAN");
            Assert.Equal("ana", heldView.GetProperty("conversation").GetProperty("owner").GetProperty("agentId").GetString());
            heldPriority = heldView.GetProperty("conversation").GetProperty("escalation").GetProperty("priority").GetInt32();

            waiting = await EscalateAsync(client, tenant);
            var waitingView = (await client.PostAsync(ConversationQuery, new { id = waiting }, manager)).Ok().GetProperty("conversation");
            Assert.Equal("QUEUED", waitingView.GetProperty("status").GetString());
            waitingPriority = waitingView.GetProperty("escalation").GetProperty("priority").GetInt32();

            // Nothing has fired yet: no due time has come.
            Assert.False((await EscalationAsync(host, tenant, waiting)).Breached);
        }
        finally
        {
            await first.DisposeAsync();
        }

        var after = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var second = new HitlApiFactory(data, settings: Settings);
        try
        {
            var host = Start(second, after);
            var client = new GraphQLClient(host.CreateClient());

            // The SLA reminder fires after the restart: priority up by one, breached, in the conversation and its queue item.
            var view = await UntilAsync(client, after, TimeSpan.FromSeconds(2), ConversationQuery, new { id = waiting }, manager,
                c => c.GetProperty("conversation").GetProperty("escalation").GetProperty("priority").GetInt32() == waitingPriority + 1);
            Assert.Equal("QUEUED", view.GetProperty("conversation").GetProperty("status").GetString());
            Assert.True((await EscalationAsync(host, tenant, waiting)).Breached);
            var item = Assert.Single((await QueueAsync(host, tenant)).Items, i => i.ConversationId == waiting);
            Assert.True(item.Breached);
            Assert.Equal(waitingPriority + 1, item.Priority);

            // Ana stays silent past the presence timeout: OFFLINE, and the conversation she held waits in the queue again.
            await UntilAsync(client, after, TimeSpan.FromSeconds(2), "{ agents { id presence } }", null, manager,
                a => a.GetProperty("agents").EnumerateArray().Single(x => x.GetProperty("id").GetString() == "ana").GetProperty("presence").GetString() == "OFFLINE");
            var returned = await UntilAsync(client, after, TimeSpan.FromSeconds(2), ConversationQuery, new { id = held }, manager,
                c => c.GetProperty("conversation").GetProperty("status").GetString() == "QUEUED");
            Assert.Equal("QUEUE", returned.GetProperty("conversation").GetProperty("owner").GetProperty("kind").GetString());
            Assert.Equal("support", returned.GetProperty("conversation").GetProperty("owner").GetProperty("queue").GetString());
            var queued = (await client.PostAsync("{ queue(name: \"support\") { items { conversation { id } } } }", token: manager)).Ok();
            Assert.Equal(
                new[] { held, waiting }.Order(StringComparer.Ordinal),
                queued.GetProperty("queue").GetProperty("items").EnumerateArray().Select(i => i.GetProperty("conversation").GetProperty("id").GetString()!).Order(StringComparer.Ordinal));

            // The held conversation's own SLA lapsed unanswered too.
            Assert.True((await EscalationAsync(host, tenant, held)).Breached);
            Assert.True((await EscalationAsync(host, tenant, held)).Priority > heldPriority);
        }
        finally
        {
            // Stopping the silo waits on timers of the fake clock: keep it moving until the host has stopped.
            using var stopped = new CancellationTokenSource();
            var ticking = Task.Run(async () =>
            {
                while (!stopped.IsCancellationRequested)
                {
                    after.Advance(TimeSpan.FromSeconds(1));
                    await Task.Delay(TimeSpan.FromMilliseconds(10), CancellationToken.None);
                }
            });
            await second.DisposeAsync();
            await stopped.CancelAsync();
            await ticking;
            second.DeleteData();
        }
    }

    private static Dictionary<string, string> Settings => new()
    {
        ["Hitl:SeedDemo"] = "false",
        ["Hitl:Agents:PresenceTimeout"] = PresenceTimeout.ToString(),
    };

    /// <summary>
    /// Starts the factory with grains and reminders on <paramref name="clock"/>; messaging, membership, directory and
    /// activation collection stay on real time so moving the clock never times out a call.
    /// </summary>
    private static WebApplicationFactory<Program> Start(HitlApiFactory factory, FakeTimeProvider clock)
    {
        var host = factory.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(clock);
            foreach (var key in new[] { TimeProviderNames.Messaging, TimeProviderNames.SystemTimers, TimeProviderNames.Membership, TimeProviderNames.ActivationManagement, TimeProviderNames.GrainDirectory })
            {
                services.AddKeyedSingleton(key, TimeProvider.System);
            }
        }));
        host.StartServer();
        return host;
    }

    private static async Task<string> EscalateAsync(GraphQLClient client, string tenant)
    {
        var (id, customer) = await client.StartConversationAsync(tenant);
        (await client.PostAsync("mutation($id: ID!) { requestHuman(conversationId: $id) { id } }", new { id }, customer)).Ok();
        return id;
    }

    private static async Task<EscalationRecord> EscalationAsync(WebApplicationFactory<Program> factory, string tenant, string conversation)
    {
        var grains = factory.Services.GetRequiredService<IGrainFactory>();
        var view = await grains.GetGrain<IConversationGrain>(GrainKeys.Scoped(tenant, conversation)).GetAsync();
        return view!.Escalation!;
    }

    private static Task<QueueView> QueueAsync(WebApplicationFactory<Program> factory, string tenant) =>
        factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IQueueGrain>(GrainKeys.Scoped(tenant, "support")).GetAsync(10);

    /// <summary>
    /// Moves the clock (if any) by <paramref name="step"/> and asks again until <paramref name="done"/> holds; fails after the
    /// (real-time) deadline.
    /// </summary>
    private static async Task<JsonElement> UntilAsync(GraphQLClient client, FakeTimeProvider? clock, TimeSpan step, string query, object? variables, string token, Func<JsonElement, bool> done)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        while (true)
        {
            var data = (await client.PostAsync(query, variables, token)).Ok();
            if (done(data))
            {
                return data;
            }

            if (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"After {Deadline} (the clock at {clock?.GetUtcNow() ?? DateTimeOffset.UtcNow:O}) still: {data}");
            }

            clock?.Advance(step);
            await Task.Delay(TimeSpan.FromMilliseconds(20), CancellationToken.None);
        }
    }
}
