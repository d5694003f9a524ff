using System.Diagnostics;

namespace Hitl.Bench;

/// <summary>
/// How a message's cost grows with the conversation's length (DESIGN.md §9: at 1,000 messages within 1.2× of
/// the cost at 10). Long conversations are filled to <c>length</c> messages first (each customer message
/// with its bot reply adds two; not measured); then, in alternating rounds at the same concurrency, customer
/// messages go to the long conversations and to short ones (about 10 messages: a fresh set each round).
/// Cost per message = 1 / throughput. Each round measures both sets one after the other (which goes first
/// alternates, so a server still speeding up favours neither); the median of the rounds' ratios counts.
/// </summary>
public sealed class LengthScenario(Uri baseAddress, string operatorKey, int conversations, int length, int sends, int concurrency)
{
    private const double Target = 1.2;
    private const int Rounds = 5;

    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    public async Task<int> RunAsync()
    {
        using var http = new HitlHttp(baseAddress);
        var (tenant, _, _) = await BenchKnowledge.TenantAsync(http, operatorKey);
        Console.WriteLine($"length: run {_run}; {conversations} conversations filled to {length} messages against short ones (about 10); {sends} messages per set and round, concurrency {concurrency}");
        Console.WriteLine($"  machine: {Environment.ProcessorCount} cores, load average {Load.LoadAverage()}");

        var longOnes = await Customers.StartAsync(http, [tenant], conversations);
        var fill = Stopwatch.StartNew();
        await Load.ForEachAsync(longOnes.Count, concurrency, async i =>
        {
            for (var m = 0; m < length / 2; m++)
            {
                await SendAsync(http, longOnes[i], $"fill-{m}");
            }
        });
        var counts = await Task.WhenAll(longOnes.Select(async c => (await http.PostAsync("query($id: ID!) { conversation(id: $id) { messageCount } }", new { id = c.Id }, c.Token)).GetProperty("conversation").GetProperty("messageCount").GetInt32()));
        Console.WriteLine($"  filled {longOnes.Count} conversations to {counts.Min()}-{counts.Max()} messages in {fill.Elapsed.TotalSeconds:F1} s");

        var results = new List<(Run Short, Run Long)>();
        var failures = 0;
        for (var round = 0; round < Rounds; round++)
        {
            // Short: enough fresh conversations that each gets a few messages (stays near 10 messages).
            var shortOnes = await Customers.StartAsync(http, [tenant], Math.Max(concurrency, sends / 4));
            await Load.ForEachAsync(shortOnes.Count, concurrency, async i =>
            {
                await SendAsync(http, shortOnes[i], "warm-0");
                await SendAsync(http, shortOnes[i], "warm-1");
            });

            Run shortRun, longRun;
            if (round % 2 == 0)
            {
                shortRun = await MeasureAsync(http, shortOnes, round, () => Interlocked.Increment(ref failures));
                longRun = await MeasureAsync(http, longOnes, round, () => Interlocked.Increment(ref failures));
            }
            else
            {
                longRun = await MeasureAsync(http, longOnes, round, () => Interlocked.Increment(ref failures));
                shortRun = await MeasureAsync(http, shortOnes, round, () => Interlocked.Increment(ref failures));
            }

            results.Add((shortRun, longRun));
            Load.Report($"round {round + 1}: short (about 10 messages)", shortRun);
            Load.Report($"round {round + 1}: long ({length}+ messages)", longRun);
        }

        var median = results.OrderBy(r => r.Short.Rate / r.Long.Rate).ElementAt(Rounds / 2);
        var ratio = median.Short.Rate / median.Long.Rate;
        Console.WriteLine($"  rounds (cost at {length}+ / at about 10): {string.Join(", ", results.Select(r => $"{r.Short.Rate / r.Long.Rate:F2}x"))}");
        Console.WriteLine($"  cost per message at {length} messages / at about 10 (median round): {ratio:F2}x ({median.Long.Rate:F0} against {median.Short.Rate:F0} msgs/s; target <= {Target}x: {(ratio <= Target ? "met" : "NOT met")}); {failures} failed");
        return failures == 0 ? 0 : 1;
    }

    /// <summary><c>sends</c> messages over the set, <c>concurrency</c> workers each sending to its own conversations in turn (one message in flight per conversation).</summary>
    private async Task<Run> MeasureAsync(HitlHttp http, List<BenchConversation> set, int round, Action failed)
    {
        var latencies = new Latencies();
        // The same number of workers for both sets: one per long conversation at most.
        var workers = Math.Min(concurrency, conversations);
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            var own = set.Where((_, i) => i % workers == w).ToList();
            for (var k = 0; k < sends / workers; k++)
            {
                var t0 = Stopwatch.GetTimestamp();
                try
                {
                    await SendAsync(http, own[k % own.Count], $"r{round}-{w}-{k}");
                    var elapsed = Stopwatch.GetElapsedTime(t0);
                    lock (latencies)
                    {
                        latencies.Add(elapsed);
                    }
                }
                catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException)
                {
                    failed();
                }
            }
        })));
        return new Run(latencies, Stopwatch.GetElapsedTime(started));
    }

    private static Task SendAsync(HitlHttp http, BenchConversation conversation, string id) =>
        http.PostAsync(Customers.SendMessage, new { i = new { conversationId = conversation.Id, text = $"{BenchKnowledge.Questions[(conversation.Index + id.Length) % BenchKnowledge.Questions.Length]} ({id})", clientMessageId = id } }, conversation.Token);
}
