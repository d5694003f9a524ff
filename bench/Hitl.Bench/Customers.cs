using System.Diagnostics;
using System.Text.Json;

namespace Hitl.Bench;

/// <summary>What chat widgets do, for every scenario: start conversations and send customer messages.</summary>
public static class Customers
{
    public const string SendMessage = "mutation($i: SendMessageInput!) { sendMessage(input: $i) { message { id } reply { id } conversation { messageCount } } }";

    /// <summary>Starts <paramref name="count"/> conversations, spread over <paramref name="tenants"/> in turn.</summary>
    public static async Task<List<BenchConversation>> StartAsync(HitlHttp http, IReadOnlyList<string> tenants, int count)
    {
        var started = new BenchConversation[count];
        await Load.ForEachAsync(count, 16, async i =>
        {
            var data = await http.PostAsync(
                "mutation($i: StartConversationInput!) { startConversation(input: $i) { token conversation { id } } }",
                new { i = new { tenant = tenants[i % tenants.Count], customerName = "Customer " + i } });
            var payload = data.GetProperty("startConversation");
            started[i] = new BenchConversation(i, payload.GetProperty("conversation").GetProperty("id").GetString()!, payload.GetProperty("token").GetString()!);
        });
        return [.. started];
    }

    /// <summary>
    /// Each conversation sends <paramref name="count"/> messages one after another (client message ids
    /// <c>kind-m</c>), <paramref name="concurrency"/> conversations at a time; what was acknowledged is kept on
    /// each conversation.
    /// </summary>
    public static async Task<(Run Run, int Acknowledged, int Replies, int Failures)> SendAsync(
        HitlHttp http, List<BenchConversation> list, int count, int concurrency, string kind, Func<BenchConversation, int, string> text)
    {
        var latencies = new Latencies();
        var failures = 0;
        var started = Stopwatch.GetTimestamp();
        await Load.ForEachAsync(list.Count, concurrency, async i =>
        {
            var conversation = list[i];
            for (var m = 0; m < count; m++)
            {
                var body = text(conversation, m);
                var t0 = Stopwatch.GetTimestamp();
                try
                {
                    var data = await http.PostAsync(SendMessage, new { i = new { conversationId = conversation.Id, text = body, clientMessageId = $"{kind}-{m}" } }, conversation.Token);
                    var elapsed = Stopwatch.GetElapsedTime(t0);
                    conversation.Acknowledged.Add(body);
                    if (data.GetProperty("sendMessage").GetProperty("reply").ValueKind != JsonValueKind.Null)
                    {
                        conversation.Replies++;
                    }

                    lock (latencies)
                    {
                        latencies.Add(elapsed);
                    }
                }
                catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException)
                {
                    if (Interlocked.Increment(ref failures) <= 5)
                    {
                        Console.WriteLine($"  sendMessage failed ({conversation.Id}): {ex.Message}");
                    }
                }
            }
        });
        var run = new Run(latencies, Stopwatch.GetElapsedTime(started));
        return (run, list.Sum(c => c.Acknowledged.Count), list.Sum(c => c.Replies), failures);
    }
}
