using System.Diagnostics;
using System.Text;

namespace Hitl.Bench;

/// <summary>
/// Persisted customer messages per second on PostgreSQL against a bare baseline on the same
/// database in the same run. Baseline: one single-row INSERT per request, in its own autocommit,
/// with the same request count and concurrency (measured before and after Hitl; the ratio uses the
/// faster of the two). Hitl: N conversations, each sending M customer messages over GraphQL HTTP
/// (each message awaited before that conversation's next one), C conversations at a time. Every
/// acknowledged message is then looked for twice: through GraphQL with the customer's token
/// (messageCount and the customer messages) and in the grain storage table itself (each message
/// carries a unique reference, found in the stored conversation state's bytes).
/// </summary>
public sealed class PersistScenario(Uri baseAddress, string operatorKey, string postgres, int conversations, int messages, int concurrency, bool baseline = true)
{
    private const double Target = 0.5;

    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    public async Task<int> RunAsync()
    {
        using var http = new HitlHttp(baseAddress);
        await using var database = new PostgresBaseline(postgres, concurrency);
        var total = conversations * messages;

        var (tenant, _, _) = await BenchKnowledge.TenantAsync(http, operatorKey);

        Console.WriteLine($"persist: run {_run}, tenant {tenant} with {BenchKnowledge.Articles.Length} articles; {conversations} conversations x {messages} messages, concurrency {concurrency}");
        Console.WriteLine($"  machine: {Environment.ProcessorCount} cores, load average {Load.LoadAverage()}");
        Console.WriteLine($"  postgres: {await database.ScalarAsync("SELECT version()")}");
        Console.WriteLine($"  postgres: synchronous_commit={await database.ScalarAsync("SHOW synchronous_commit")} fsync={await database.ScalarAsync("SHOW fsync")} wal_sync_method={await database.ScalarAsync("SHOW wal_sync_method")}");

        // Baseline, warmed up, then measured (again after Hitl, the faster one counts).
        await database.CreateAsync();
        List<Run> baselines = [];
        try
        {
            if (baseline)
            {
                await database.RunAsync(Math.Max(500, concurrency * 20), i => ("warmup", Text(i % conversations, i % messages, "warmup")));
                baselines.Add(await database.RunAsync(total, i => ("c" + (i / messages), Text(i / messages, i % messages, "base"))));
                Load.Report("baseline INSERT (before)", baselines[^1]);
            }

            // Hitl: warm up on conversations of their own, then the measured run.
            var warmup = await Customers.StartAsync(http, [tenant], Math.Max(concurrency, 250));
            await Customers.SendAsync(http, warmup, 8, concurrency, "warmup", (c, m) => Text(c.Index, m, "warmup"));
            var measured = await Customers.StartAsync(http, [tenant], conversations);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var hitl = await Customers.SendAsync(http, measured, messages, concurrency, "msg", (c, m) => Text(c.Index, m, "msg"));
            cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            Console.WriteLine($"  load average after Hitl: {Load.LoadAverage()}; the load tool's own CPU during Hitl: {cpu.TotalSeconds:F2} s");
            if (!baseline)
            {
                Load.Report("Hitl sendMessage (acknowledged)", hitl.Run);
                return await VerifyAsync(http, database, measured) == 0 && hitl.Failures == 0 ? 0 : 1;
            }

            // Where Hitl's time goes, at the same request count and concurrency: a request that
            // stops at GraphQL, and one that reaches the conversation grain but writes nothing.
            Load.Report("reference: { __typename } HTTP", await Load.RequestsAsync(total, concurrency, _ => http.PostAsync("{ __typename }")));
            Load.Report("reference: conversation read", await Load.RequestsAsync(total, concurrency, i => http.PostAsync(
                "query($id: ID!) { conversation(id: $id) { messageCount } }",
                new { id = measured[i % measured.Count].Id },
                measured[i % measured.Count].Token)));

            baselines.Add(await database.RunAsync(total, i => ("c" + (i / messages), Text(i / messages, i % messages, "base"))));
            Load.Report("baseline INSERT (after)", baselines[^1]);
            var (inTable, inserted) = await database.CountAsync();
            if (inTable != inserted)
            {
                Console.WriteLine($"  FAILURE: the baseline table holds {inTable} rows, {inserted} were inserted");
            }

            var acknowledged = measured.Sum(c => c.Acknowledged.Count);
            var replies = measured.Sum(c => c.Replies);
            Load.Report("Hitl sendMessage (acknowledged)", hitl.Run);
            Console.WriteLine($"  Hitl: {acknowledged} of {total} acknowledged, {hitl.Failures} failed; {replies} bot replies; {measured.Count(c => c.Replies < c.Acknowledged.Count)} conversations where the bot held back at least once (escalation or draft)");

            var shortfall = await VerifyAsync(http, database, measured);

            var baselineRate = baselines.Max(b => b.Rate);
            var hitlRate = hitl.Run.Rate;
            var ratio = hitlRate / baselineRate;
            Console.WriteLine($"  ratio Hitl msgs/s / baseline rows/s: {hitlRate:F0} / {baselineRate:F0} = {ratio:P1} (target >= {Target:P0}: {(ratio >= Target ? "met" : "NOT met")})");
            return shortfall == 0 && hitl.Failures == 0 ? 0 : 1;
        }
        finally
        {
            await database.DropAsync();
        }
    }

    private string Text(int conversation, int message, string kind) =>
        $"{BenchKnowledge.Questions[(conversation + message) % BenchKnowledge.Questions.Length]} (ref {_run}-{kind}-{conversation}-{message})";

    /// <summary>Answers the number of acknowledged messages missing (GraphQL or database).</summary>
    private async Task<int> VerifyAsync(HitlHttp http, PostgresBaseline database, List<BenchConversation> list)
    {
        var countMismatches = 0;
        var missingInApi = 0;
        await Load.ForEachAsync(list.Count, concurrency, async i =>
        {
            var conversation = list[i];
            var data = await http.PostAsync(
                "query($id: ID!) { conversation(id: $id) { messageCount messages(last: 200) { author text } } }",
                new { id = conversation.Id },
                conversation.Token);
            var view = data.GetProperty("conversation");
            var expected = conversation.Acknowledged.Count + conversation.Replies;
            if (view.GetProperty("messageCount").GetInt32() != expected)
            {
                Interlocked.Increment(ref countMismatches);
            }

            var seen = view.GetProperty("messages").EnumerateArray()
                .Where(m => m.GetProperty("author").GetString() == "CUSTOMER")
                .Select(m => m.GetProperty("text").GetString())
                .ToHashSet(StringComparer.Ordinal);
            Interlocked.Add(ref missingInApi, conversation.Acknowledged.Count(t => !seen.Contains(t)));
        });

        // The database itself: each acknowledged message's unique reference in the stored state.
        var wanted = list.SelectMany(c => c.Acknowledged).Select(t => t[(t.LastIndexOf("(ref ", StringComparison.Ordinal) + 5)..^1]).ToHashSet(StringComparer.Ordinal);
        var found = new HashSet<string>(StringComparer.Ordinal);
        var prefix = Encoding.UTF8.GetBytes($"(ref {_run}-msg-");
        var rows = 0;
        await foreach (var payload in database.ConversationPayloadsAsync())
        {
            rows++;
            var span = payload.AsSpan();
            int at;
            while ((at = span.IndexOf(prefix)) >= 0)
            {
                var rest = span[(at + 5)..];
                var end = rest.IndexOf((byte)')');
                if (end > 0)
                {
                    found.Add(Encoding.UTF8.GetString(rest[..end]));
                }

                span = span[(at + prefix.Length)..];
            }
        }

        var missingInDatabase = wanted.Count(w => !found.Contains(w));
        Console.WriteLine($"  verify (GraphQL, customer token): {list.Count - countMismatches} of {list.Count} conversations with messageCount = acknowledged messages + replies; {missingInApi} acknowledged customer messages missing");
        Console.WriteLine($"  verify (PostgreSQL orleans_storage, {rows} conversation/page rows): {wanted.Count - missingInDatabase} of {wanted.Count} acknowledged messages found, {missingInDatabase} missing");
        var shortfall = missingInApi + missingInDatabase + countMismatches;
        Console.WriteLine(shortfall == 0 ? "  persistence: every acknowledged message is in the database" : $"  FAILURE: persistence shortfall ({shortfall})");
        return shortfall;
    }
}
