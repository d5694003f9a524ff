using System.Diagnostics;

namespace Hitl.Bench;

/// <summary>
/// Escalation to the agent's queueChanged and assignments events, with many open subscriptions on
/// the same queue (agent consoles and wallboards). One escalation at a time, so each latency is
/// the pipeline's own: requestHuman is sent at t0; the measured console records when its ENQUEUED
/// queue event and its assignment arrive. Baseline in the same run: a bare { __typename } request.
/// </summary>
public sealed class LiveScenario(Uri baseAddress, string operatorKey, int subscribers, int escalations)
{
    private const int SubscriptionsPerSocket = 100;

    public async Task RunAsync()
    {
        using var http = new HitlHttp(baseAddress);
        var ws = new Uri($"ws://{baseAddress.Authority}/graphql");
        var (tenant, apiKey) = await http.CreateTenantAsync(operatorKey);
        var manager = await http.TokenAsync(tenant, apiKey, "MANAGER", "mia");
        var agent = await http.TokenAsync(tenant, apiKey, "AGENT", "ava");
        await http.PostAsync("mutation { setPresence(input: { presence: ONLINE, capacity: 50, queues: [\"support\"] }) { id } }", null, agent);

        // The crowd: queue watchers spread over sockets of 100 subscriptions each.
        var watchers = new List<LiveSocket>();
        var snapshots = 0;
        var enqueuedSeen = 0;
        for (var opened = 0; opened < subscribers; opened += SubscriptionsPerSocket)
        {
            var socket = await LiveSocket.ConnectAsync(ws, manager);
            socket.OnNext = (_, payload, _) =>
            {
                var kind = payload.GetProperty("data").GetProperty("queueChanged").GetProperty("kind").GetString();
                Interlocked.Increment(ref kind == "SNAPSHOT" ? ref snapshots : ref enqueuedSeen);
            };
            for (var i = opened; i < Math.Min(subscribers, opened + SubscriptionsPerSocket); i++)
            {
                await socket.SubscribeAsync("w" + i, "subscription { queueChanged(queue: \"support\") { kind version waiting item { id } } }");
            }

            watchers.Add(socket);
        }

        await WaitAsync(() => Volatile.Read(ref snapshots) >= subscribers, "every watcher's first state");

        // The measured agent console.
        TaskCompletionSource<long>? enqueued = null;
        TaskCompletionSource<long>? assigned = null;
        await using var console = await LiveSocket.ConnectAsync(ws, agent);
        console.OnNext = (id, payload, at) =>
        {
            if (id == "q" && payload.GetProperty("data").GetProperty("queueChanged").GetProperty("kind").GetString() == "ENQUEUED")
            {
                enqueued?.TrySetResult(at);
            }
            else if (id == "a")
            {
                assigned?.TrySetResult(at);
            }
        };
        await console.SubscribeAsync("q", "subscription { queueChanged(queue: \"support\") { kind version waiting item { id assignedTo } } }");
        await console.SubscribeAsync("a", "subscription { assignments { id kind conversation { id } } }");
        await WaitAsync(() => Volatile.Read(ref snapshots) >= subscribers, "the console");

        var toQueueEvent = new Latencies();
        var toAssignment = new Latencies();
        var requestHuman = new Latencies();
        for (var i = 0; i < escalations + 20; i++)
        {
            var started = await http.PostAsync("mutation($i: StartConversationInput!) { startConversation(input: $i) { token conversation { id } } }", new { i = new { tenant } });
            var conversationId = started.GetProperty("startConversation").GetProperty("conversation").GetProperty("id").GetString();
            var customer = started.GetProperty("startConversation").GetProperty("token").GetString();
            enqueued = new(TaskCreationOptions.RunContinuationsAsynchronously);
            assigned = new(TaskCreationOptions.RunContinuationsAsynchronously);

            var t0 = Stopwatch.GetTimestamp();
            await http.PostAsync("mutation($id: ID!) { requestHuman(conversationId: $id) { status } }", new { id = conversationId }, customer);
            var answered = Stopwatch.GetTimestamp();
            var queueAt = await enqueued.Task.WaitAsync(TimeSpan.FromSeconds(10));
            var assignmentAt = await assigned.Task.WaitAsync(TimeSpan.FromSeconds(10));
            if (i >= 20)
            {
                // The first 20 warm the path up (JIT, activations) and are not counted.
                toQueueEvent.Add(Stopwatch.GetElapsedTime(t0, queueAt));
                toAssignment.Add(Stopwatch.GetElapsedTime(t0, assignmentAt));
                requestHuman.Add(Stopwatch.GetElapsedTime(t0, answered));
            }

            await http.PostAsync("mutation($id: ID!) { resolve(conversationId: $id) { status } }", new { id = conversationId }, agent);
        }

        var baseline = new Latencies();
        for (var i = 0; i < 1000; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            await http.PostAsync("{ __typename }");
            if (i >= 100)
            {
                baseline.Add(Stopwatch.GetElapsedTime(t0));
            }
        }

        await WaitAsync(() => Volatile.Read(ref enqueuedSeen) >= subscribers * (escalations + 20), "every watcher's ENQUEUED events");
        foreach (var socket in watchers)
        {
            await socket.DisposeAsync();
        }

        Console.WriteLine($"live: {subscribers} open queue subscriptions on {watchers.Count} sockets (+1 console), {escalations} escalations one at a time");
        Console.WriteLine($"  escalation -> agent's queueChanged  {toQueueEvent.Describe()}");
        Console.WriteLine($"  escalation -> agent's assignments   {toAssignment.Describe()}");
        Console.WriteLine($"  requestHuman HTTP round trip        {requestHuman.Describe()}");
        Console.WriteLine($"  baseline {{ __typename }} HTTP       {baseline.Describe()}");
        Console.WriteLine($"  ratio p99 queueChanged / p99 baseline: {toQueueEvent.Percentile(99) / baseline.Percentile(99):F1}");
        Console.WriteLine($"  every watcher received every ENQUEUED event: {Volatile.Read(ref enqueuedSeen)} deliveries");
    }

    private static async Task WaitAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Timed out waiting for " + what);
            }

            await Task.Delay(20);
        }
    }
}
