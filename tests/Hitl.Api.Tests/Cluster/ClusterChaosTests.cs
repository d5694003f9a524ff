using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Hitl.Api.Tests.Infrastructure;
using Hitl.Api.Tests.Live;
using Xunit.Abstractions;

namespace Hitl.Api.Tests.Cluster;

/// <summary>
/// Processes, PostgreSQL and SIGKILL: one of two silos dies while customers send messages (retrying with the
/// same client message id until acknowledged) and agents claim and hand back work.
/// </summary>
[Trait("Category", "Cluster")]
[Collection(LocalClusterCollection.Name)]
public sealed class ClusterChaosTests(LocalClusterFixture cluster, ITestOutputHelper output)
{
    private const int Conversations = 24;
    private const int Agents = 6;
    private const int Capacity = 2;
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(30);

    private const string SetPresence = "mutation($i: SetPresenceInput!) { setPresence(input: $i) { id } }";
    private const string AcceptNext = "mutation { acceptNext(queue: \"support\") { id conversation { id } } }";
    private const string HandBack = "mutation($c: ID!) { handBack(conversationId: $c) { id } }";
    private const string RequestHuman = "mutation($c: ID!) { requestHuman(conversationId: $c) { id status } }";

    [Fact]
    public async Task A_silo_killed_under_load_loses_no_acknowledged_message_and_never_doubles_an_owner()
    {
        using var http = new HttpClient { BaseAddress = cluster.Url, Timeout = TimeSpan.FromSeconds(10) };
        var client = new GraphQLClient(http);
        var (tenant, apiKey) = await cluster.CreateTenantAsync(client, "chaos");
        var manager = await client.TokenAsync(tenant, apiKey, "MANAGER", "mia");
        var agents = new List<(string Id, string Token)>();
        for (var i = 0; i < Agents; i++)
        {
            var token = await client.TokenAsync(tenant, apiKey, "AGENT", $"agent{i}");
            (await client.PostAsync(SetPresence, new { i = new { presence = "ONLINE", capacity = Capacity, queues = new[] { "support" } } }, token)).Ok();
            agents.Add(($"agent{i}", token));
        }

        var conversations = new List<(string Id, string Token)>();
        for (var i = 0; i < Conversations; i++)
        {
            conversations.Add(await client.StartConversationAsync(tenant));
        }

        // A console watching the queue through the kill.
        await using var console = await WsClient.ReadyAsync(new UriBuilder(cluster.Url) { Scheme = "ws", Path = "/graphql" }.Uri, manager);
        await console.SubscribeAsync("q", "subscription { queueChanged(queue: \"support\") { version kind waiting item { conversation { id } } } }");
        Assert.Equal("SNAPSHOT", (await console.NextAsync("q", "queueChanged")).GetProperty("kind").GetString());
        var queueEvents = new ConcurrentQueue<JsonElement>();
        using var stopReading = new CancellationTokenSource();
        var reader = Task.Run(() => ClusterSubscriptionTests.ReadAsync(console, "queueChanged", queueEvents, stopReading.Token));

        var acked = conversations.ToDictionary(c => c.Id, _ => new ConcurrentDictionary<string, DateTimeOffset>());
        var errors = new ConcurrentDictionary<string, int>();
        var errorTimes = new ConcurrentQueue<DateTimeOffset>();
        var killedAt = DateTimeOffset.MaxValue;
        using var stop = new CancellationTokenSource();

        async Task<GraphQLResponse?> Attempt(Func<Task<GraphQLResponse>> call)
        {
            try
            {
                var response = await call();
                if (response.HasErrors)
                {
                    errors.AddOrUpdate(response.ErrorCode ?? "?", 1, (_, n) => n + 1);
                    errorTimes.Enqueue(DateTimeOffset.UtcNow);
                }

                return response;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
            {
                errors.AddOrUpdate("TRANSPORT:" + ex.GetType().Name, 1, (_, n) => n + 1);
                errorTimes.Enqueue(DateTimeOffset.UtcNow);
                return null;
            }
        }

        async Task Customer(string id, string token)
        {
            // At most 30 messages before the kill and 30 after, so a conversation's history stays readable in one page.
            for (var k = 0; !stop.IsCancellationRequested; k++)
            {
                while (k >= (killedAt == DateTimeOffset.MaxValue ? 30 : 60) && !stop.IsCancellationRequested)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(50));
                }

                var messageId = $"{id}-m{k}";

                // Idempotent retry: the same client message id until the API acknowledges it. The time kept
                // is when the acknowledged attempt was sent.
                var sent = DateTimeOffset.UtcNow;
                GraphQLResponse? response;
                while (IsRetriable(response = await Attempt(() => client.SendMessageAsync(id, messageId, messageId, token))))
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(50));
                    sent = DateTimeOffset.UtcNow;
                }

                if (response!.HasErrors)
                {
                    // Refused for good (the final check reports the code): not acknowledged, and not retried.
                    continue;
                }

                acked[id][messageId] = sent;
                if (k % 8 == 1)
                {
                    await Attempt(() => client.PostAsync(RequestHuman, new { c = id }, token));
                }

                await Task.Delay(TimeSpan.FromMilliseconds(50));
            }
        }

        async Task Agent(string token)
        {
            while (!stop.IsCancellationRequested)
            {
                var accepted = await Attempt(() => client.PostAsync(AcceptNext, null, token));
                if (accepted is { HasErrors: false } && accepted.Data.GetProperty("acceptNext") is { ValueKind: JsonValueKind.Object } item)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(50));
                    var conversation = item.GetProperty("conversation").GetProperty("id").GetString();
                    await Attempt(() => client.PostAsync(HandBack, new { c = conversation }, token));
                }
                else
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(50));
                }
            }
        }

        var load = conversations.Select(c => Task.Run(() => Customer(c.Id, c.Token)))
            .Concat(agents.Select(a => Task.Run(() => Agent(a.Token))))
            .ToList();

        // Let the load settle, then kill silo 1 with SIGKILL.
        await WaitUntilAsync(() => acked.Values.All(a => a.Count >= 8), TimeSpan.FromSeconds(90), "every conversation acknowledged before the kill");
        await cluster.KillSiloAsync(1);
        killedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();

        // Served normally again: every conversation, wherever its grain lived, acknowledges new messages.
        await WaitUntilAsync(() => acked.Values.All(a => a.Values.Count(t => t > killedAt) >= 2), Recovery + TimeSpan.FromSeconds(30), "every conversation acknowledging again after the kill",
            () => $"Behind: {string.Join(", ", acked.Where(a => a.Value.Values.Count(t => t > killedAt) < 2).Select(a => $"{a.Key} ({a.Value.Values.Count(t => t > killedAt)} after, {a.Value.Count} in all)"))}; errors: {string.Join(", ", errors.Select(e => $"{e.Key}={e.Value}"))}");
        var recovered = acked.Values.Max(a => a.Values.Where(t => t > killedAt).Min()) - killedAt;
        output.WriteLine($"Every conversation acknowledged a message sent {recovered.TotalSeconds:F1} s after the kill at the latest ({clock.Elapsed.TotalSeconds:F1} s until all acknowledged two).");
        Assert.True(recovered <= Recovery, $"The cluster took {recovered} to serve every conversation again.");

        // The console's subscription reports escalations live again: probes until one is reported.
        var live = TimeSpan.Zero;
        while (live == TimeSpan.Zero)
        {
            Assert.True(clock.Elapsed < Recovery + TimeSpan.FromSeconds(30), "The queue subscription stayed silent after the kill.");
            if (await ClusterSubscriptionTests.EscalationReportedAsync(client, tenant, queueEvents))
            {
                live = clock.Elapsed;
            }
        }

        output.WriteLine($"The queue subscription reported escalations live again {live.TotalSeconds:F1} s after the kill.");
        Assert.True(live <= Recovery, $"The queue subscription was silent until {live} after the kill.");

        await stop.CancelAsync();
        await Task.WhenAll(load);
        await stopReading.CancelAsync();
        await reader;
        ClusterSubscriptionTests.AssertVersionsNeverGoBack(queueEvents, "queue", strictly: true, output);
        output.WriteLine($"Acknowledged {acked.Values.Sum(a => a.Count)} messages ({acked.Values.Sum(a => a.Values.Count(t => t > killedAt))} after the kill); errors seen: {string.Join(", ", errors.Select(e => $"{e.Key}={e.Value}"))}");
        output.WriteLine($"Errors before the kill: {errorTimes.Count(t => t < killedAt)}; after, by second: {string.Join(" ", errorTimes.Where(t => t >= killedAt).GroupBy(t => (int)(t - killedAt).TotalSeconds).OrderBy(g => g.Key).Select(g => $"{g.Key}s:{g.Count()}"))}");

        // Nothing but retriable errors was ever reported: transport failures and UNAVAILABLE. A BAD_USER_INPUT or a
        // CONFLICT would be the cluster refusing a valid call (a lost or doubled write), never a retriable hiccup.
        Assert.All(errors.Keys, code => Assert.True(code is "UNAVAILABLE" || code.StartsWith("TRANSPORT:", StringComparison.Ordinal), $"Unexpected error code {code}"));

        // Every acknowledged message is stored exactly once; nothing else appears.
        foreach (var (id, token) in conversations)
        {
            var conversation = (await client.PostAsync(
                "query($id: ID!) { conversation(id: $id) { messages(last: 200) { author text } } }", new { id }, token)).Ok().GetProperty("conversation");
            var texts = conversation.GetProperty("messages").EnumerateArray()
                .Where(m => m.GetProperty("author").GetString() == "CUSTOMER").Select(m => m.GetProperty("text").GetString()!).ToList();
            Assert.Equal(texts.Count, texts.Distinct().Count());
            Assert.Empty(acked[id].Keys.Except(texts));
        }

        // One owner per conversation, no agent over capacity.
        var board = (await client.PostAsync("{ agents { id capacity load assignments { conversation { id owner { kind agentId } } } } }", null, manager)).Ok().GetProperty("agents");
        var holders = new Dictionary<string, List<string>>();
        foreach (var agent in board.EnumerateArray())
        {
            var id = agent.GetProperty("id").GetString()!;
            Assert.InRange(agent.GetProperty("load").GetInt32(), 0, agent.GetProperty("capacity").GetInt32());
            foreach (var assignment in agent.GetProperty("assignments").EnumerateArray())
            {
                var conversation = assignment.GetProperty("conversation");
                var owner = conversation.GetProperty("owner");
                Assert.Equal("AGENT", owner.GetProperty("kind").GetString());
                Assert.Equal(id, owner.GetProperty("agentId").GetString());
                var conversationId = conversation.GetProperty("id").GetString()!;
                holders.TryAdd(conversationId, []);
                holders[conversationId].Add(id);
            }
        }

        Assert.All(holders, h => Assert.Single(h.Value));
        foreach (var (id, _) in conversations)
        {
            var owner = (await client.PostAsync("query($id: ID!) { conversation(id: $id) { owner { kind agentId } } }", new { id }, manager)).Ok()
                .GetProperty("conversation").GetProperty("owner");
            if (owner.GetProperty("kind").GetString() == "AGENT")
            {
                Assert.Equal([owner.GetProperty("agentId").GetString()!], holders.GetValueOrDefault(id) ?? []);
            }
            else
            {
                Assert.False(holders.ContainsKey(id), $"{id} is held by {string.Join(",", holders.GetValueOrDefault(id) ?? [])} but owned by {owner}");
            }
        }

        await cluster.StartSiloAsync(1);
    }

    /// <summary>Worth sending again with the same client message id: the call never got an answer, or the grain was unavailable.</summary>
    private static bool IsRetriable(GraphQLResponse? response) => response is null || response.ErrorCode == "UNAVAILABLE";

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan patience, string what, Func<string>? detail = null)
    {
        var deadline = DateTimeOffset.UtcNow + patience;
        while (!condition())
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"Timed out after {patience} waiting for {what}. {detail?.Invoke()}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }
}
