using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Hitl.Api.Tests.Infrastructure;
using Hitl.Api.Tests.Live;
using Xunit.Abstractions;

namespace Hitl.Api.Tests.Cluster;

/// <summary>
/// Live subscriptions across a silo killed with SIGKILL. Silo 1 is killed, then (once it is back) silo 2, so
/// the watched queue and conversation lived on a killed silo at least once, wherever they were placed.
/// </summary>
[Trait("Category", "Cluster")]
[Collection(LocalClusterCollection.Name)]
public sealed class ClusterSubscriptionTests(LocalClusterFixture cluster, ITestOutputHelper output)
{
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(30);

    private const string QueueSubscription = "subscription { queueChanged(queue: \"support\") { version kind waiting item { conversation { id } } } }";
    private const string ConversationSubscription = "subscription($id: ID!) { conversationChanged(id: $id) { version kind message { text } } }";
    private const string RequestHuman = "mutation($c: ID!) { requestHuman(conversationId: $c) { id } }";

    [Fact]
    public async Task Queue_and_conversation_subscriptions_opened_before_a_kill_report_live_changes_again_within_30_seconds()
    {
        using var http = new HttpClient { BaseAddress = cluster.Url, Timeout = TimeSpan.FromSeconds(10) };
        var client = new GraphQLClient(http);
        var (tenant, apiKey) = await cluster.CreateTenantAsync(client, "subs");
        var manager = await client.TokenAsync(tenant, apiKey, "MANAGER", "mia");
        var webSocket = new UriBuilder(cluster.Url) { Scheme = "ws", Path = "/graphql" }.Uri;

        // A console watching the queue and a widget watching its conversation, both opened before any kill.
        var (watched, customer) = await client.StartConversationAsync(tenant);
        await using var console = await WsClient.ReadyAsync(webSocket, manager);
        await console.SubscribeAsync("q", QueueSubscription);
        Assert.Equal("SNAPSHOT", (await console.NextAsync("q", "queueChanged")).GetProperty("kind").GetString());
        await using var widget = await WsClient.ReadyAsync(webSocket, customer);
        await widget.SubscribeAsync("c", ConversationSubscription, new { id = watched });
        Assert.Equal("SNAPSHOT", (await widget.NextAsync("c", "conversationChanged")).GetProperty("kind").GetString());

        var queueEvents = new ConcurrentQueue<JsonElement>();
        var conversationEvents = new ConcurrentQueue<JsonElement>();
        using var stop = new CancellationTokenSource();
        var readers = new[]
        {
            Task.Run(() => ReadAsync(console, "queueChanged", queueEvents, stop.Token)),
            Task.Run(() => ReadAsync(widget, "conversationChanged", conversationEvents, stop.Token)),
        };

        var sent = 0;
        foreach (var silo in new[] { 1, 2 })
        {
            await cluster.KillSiloAsync(silo);
            var clock = Stopwatch.StartNew();

            // Probes until one is reported live: a new conversation escalated into the watched queue, and a
            // message in the watched conversation.
            var queueLive = TimeSpan.Zero;
            var conversationLive = TimeSpan.Zero;
            while (queueLive == TimeSpan.Zero || conversationLive == TimeSpan.Zero)
            {
                Assert.True(clock.Elapsed < Recovery + TimeSpan.FromSeconds(30), $"After killing silo {silo}: queue live after {queueLive}, conversation live after {conversationLive} (zero: not yet).");
                if (queueLive == TimeSpan.Zero)
                {
                    if (await EscalationReportedAsync(client, tenant, queueEvents))
                    {
                        queueLive = clock.Elapsed;
                    }
                }

                if (conversationLive == TimeSpan.Zero)
                {
                    var text = $"probe {++sent}";
                    await Retry(async () => (await client.SendMessageAsync(watched, text, $"{watched}-{sent}", customer)).Ok());
                    if (await SeenAsync(conversationEvents, e => e.GetProperty("kind").GetString() == "MESSAGE" && e.GetProperty("message").GetProperty("text").GetString() == text))
                    {
                        conversationLive = clock.Elapsed;
                    }
                }
            }

            output.WriteLine($"Silo {silo} killed: the queue subscription was live again after {queueLive.TotalSeconds:F1} s, the conversation's after {conversationLive.TotalSeconds:F1} s.");
            Assert.True(queueLive <= Recovery && conversationLive <= Recovery, $"After killing silo {silo}: queue live after {queueLive}, conversation live after {conversationLive}.");
            await cluster.StartSiloAsync(silo);
        }

        await stop.CancelAsync();
        await Task.WhenAll(readers);

        AssertVersionsNeverGoBack(queueEvents, "queue", strictly: true, output);
        AssertVersionsNeverGoBack(conversationEvents, "conversation", strictly: false, output);
    }

    /// <summary>
    /// Versions never go back, so a client that keys gaps on versions can trust them across kills. A queue's
    /// version grows by one per change (a catch-up snapshot and the event of the same version may both come);
    /// all events of one conversation change carry the version after it.
    /// </summary>
    internal static void AssertVersionsNeverGoBack(IEnumerable<JsonElement> events, string what, bool strictly, ITestOutputHelper output)
    {
        var versions = events.Select(e => (Kind: e.GetProperty("kind").GetString()!, Version: e.GetProperty("version").GetInt64())).ToList();
        output.WriteLine($"{what} events: {string.Join(" ", versions.Select(v => $"{v.Kind}@{v.Version}"))}");
        for (var i = 1; i < versions.Count; i++)
        {
            var grows = versions[i].Version > versions[i - 1].Version
                || versions[i].Version == versions[i - 1].Version && (!strictly || versions[i].Kind == "SNAPSHOT" || versions[i - 1].Kind == "SNAPSHOT");
            Assert.True(grows, $"The {what} version went from {versions[i - 1]} to {versions[i]}.");
        }
    }

    /// <summary>Escalates a new conversation (retrying while the cluster recovers) and waits a few seconds for its ENQUEUED event.</summary>
    internal static async Task<bool> EscalationReportedAsync(GraphQLClient client, string tenant, ConcurrentQueue<JsonElement> queueEvents)
    {
        var probe = await Retry(async () =>
        {
            var (id, token) = await client.StartConversationAsync(tenant);
            (await client.PostAsync(RequestHuman, new { c = id }, token)).Ok();
            return id;
        });
        return await SeenAsync(queueEvents, e => e.GetProperty("kind").GetString() == "ENQUEUED" && e.GetProperty("item").GetProperty("conversation").GetProperty("id").GetString() == probe);
    }

    /// <summary>Waits a few seconds for an event that matches (an event is delivered in milliseconds when the route works).</summary>
    internal static async Task<bool> SeenAsync(ConcurrentQueue<JsonElement> events, Func<JsonElement, bool> match)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(3);
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (events.Any(match))
            {
                return true;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }

        return false;
    }

    /// <summary>Retries a call that fails with a retriable error while the cluster recovers.</summary>
    internal static async Task<T> Retry<T>(Func<Task<T>> call)
    {
        var deadline = DateTimeOffset.UtcNow + Recovery + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception ex) when (DateTimeOffset.UtcNow < deadline && ex is Xunit.Sdk.XunitException or HttpRequestException or TaskCanceledException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50));
            }
        }
    }

    internal static Task Retry(Func<Task> call) => Retry(async () =>
    {
        await call();
        return 0;
    });

    internal static async Task ReadAsync(WsClient socket, string field, ConcurrentQueue<JsonElement> events, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            JsonElement? message;
            try
            {
                message = await socket.ReceiveAsync(TimeSpan.FromMinutes(5), stop);
            }
            catch (Exception ex) when (ex is OperationCanceledException or System.Net.WebSockets.WebSocketException)
            {
                return;
            }

            if (message is not { } m)
            {
                return;
            }

            if (m.GetProperty("type").GetString() == "next" && m.GetProperty("payload").GetProperty("data").TryGetProperty(field, out var data))
            {
                events.Enqueue(data);
            }
        }
    }
}
