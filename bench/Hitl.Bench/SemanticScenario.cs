using System.Diagnostics;
using System.Text.Json;
using Hitl.Grains.Knowledge.Semantic;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Hitl.Bench;

/// <summary>
/// Semantic retrieval (issue 19, DESIGN.md §9): the customer-message pipeline against a server started with
/// <c>Hitl:Bot:Retrieval=hybrid</c> (or <c>lexical</c>, the figure alongside), next to the bare encoder measured in
/// this process in the same run on the same message texts. Every message is one of the knowledge base's questions
/// with a unique reference, so the server's cache of question vectors never hits and each message is encoded.
/// <list type="bullet">
/// <item>bare encoder: the server's own <see cref="TextEmbedder"/> (all-MiniLM-L6-v2) with the server's defaults
/// (<see cref="SemanticOptions.MaxConcurrency"/> = processor count, cache of 10,000), one text per call as the bot
/// asks, closed loop at <c>concurrency</c>; texts per second;</item>
/// <item>peak: five rounds, each encoding the round's texts and sending the same texts through <c>sendMessage</c>
/// (fresh conversations, closed loop at <c>concurrency</c>), which of the two goes first alternates; the median
/// round's ratio pipeline / bare encoder counts (target for hybrid: at least 60 %);</item>
/// <item>half of peak: open loop at half the median round's peak, 3 s not counted, then <c>seconds</c> measured,
/// latency from when each message was due (target for hybrid: p99 under 100 ms).</item>
/// </list>
/// Every message must be acknowledged and answered by the bot at once; answers are also checked against the
/// article the question belongs to. The server and this tool share the machine's cores: while the bare encoder
/// runs the server is idle, while the pipeline runs this tool spends CPU on HTTP.
/// </summary>
public sealed class SemanticScenario(Uri baseAddress, string operatorKey, string retrieval, int conversations, int messages, int concurrency, double seconds, double warmup = 20)
{
    private const double RateTarget = 0.6;
    private const double P99Target = 100;
    private const int Rounds = 5;
    private const double Settle = 3;

    private const string SendMessage = "mutation($i: SendMessageInput!) { sendMessage(input: $i) { message { id } reply { text } } }";

    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private readonly bool _hybrid = !string.Equals(retrieval, "lexical", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Lexical mode sends to this many times the conversations per round (and in the warm-up): the server encodes
    /// nothing there, and the round's own messages alone take half a second. The first <c>conversations</c> of a
    /// round get exactly the encoder's texts.
    /// </summary>
    private int Scale => _hybrid ? 1 : LexicalScale;

    private const int LexicalScale = 10;

    private int _replies;
    private int _rightArticle;
    private int _failures;
    private int _sent;

    public async Task<int> RunAsync()
    {
        using var http = new HitlHttp(baseAddress);
        // Configured like the server's defaults (SemanticOptions): MaxConcurrency = processor count, cache of 10,000.
        // Every text below is unique, so the cache never hits here either.
        var defaults = new SemanticOptions { Retrieval = "hybrid" };
        using var embedder = new TextEmbedder(Options.Create(defaults), NullLogger<TextEmbedder>.Instance);

        var (tenant, _, _) = await BenchKnowledge.TenantAsync(http, operatorKey);
        var tenants = new[] { tenant };
        var total = conversations * messages;
        Console.WriteLine($"semantic: run {_run}; server retrieval {retrieval}; {BenchKnowledge.Articles.Length} articles; {conversations} conversations x {messages} messages per round, concurrency {concurrency}");
        Console.WriteLine($"  machine: {Environment.ProcessorCount} cores (server and load tool share them), load average {Load.LoadAverage()}");
        Console.WriteLine($"  bare encoder: TextEmbedder in this process, MaxConcurrency {defaults.MaxConcurrency}, cache {defaults.QueryCacheSize} (unique texts: no hits)");
        if (Scale > 1)
        {
            Console.WriteLine($"  lexical: {Scale}x the conversations per round on the server side ({total * Scale} messages; the first {total} are the encoder's texts)");
        }


        // Warm-up, not measured: the model loads on both sides, the JIT settles, the tenant's index and vectors are built.
        // Fresh conversations per batch: a question asked twice in one conversation would escalate it.
        var warmStarted = Stopwatch.GetTimestamp();
        var warmBatches = 0;
        do
        {
            var kind = $"warmup{warmBatches}";
            var warm = await Customers.StartAsync(http, tenants, Math.Max(concurrency, 100) * Scale);
            await SendAllAsync(http, warm, 2, kind);
            await Load.RequestsAsync(warm.Count * 2, concurrency, i => embedder.EncodeAsync(Text(i / 2, i % 2, kind + "e")));
            warmBatches++;
        }
        while (Stopwatch.GetElapsedTime(warmStarted).TotalSeconds < warmup);
        Console.WriteLine($"  warm-up: {warmBatches} batches of messages and encodings in {Stopwatch.GetElapsedTime(warmStarted).TotalSeconds:F0} s");
        ResetCounts();

        var rounds = new List<(Run Encoder, Run Peak)>();
        for (var round = 0; round < Rounds; round++)
        {
            var kind = $"msg{round}";
            var texts = Enumerable.Range(0, total).Select(i => Text(i / messages, i % messages, kind)).ToArray();
            if (texts.Distinct(StringComparer.Ordinal).Count() != total)
            {
                throw new InvalidOperationException("message texts must be unique (the vector cache would hit)");
            }

            var measured = await Customers.StartAsync(http, tenants, conversations * Scale);
            Run encoder, peak;
            if (round % 2 == 0)
            {
                encoder = await Load.RequestsAsync(total, concurrency, i => embedder.EncodeAsync(texts[i]));
                peak = await SendAllAsync(http, measured, messages, kind);
            }
            else
            {
                peak = await SendAllAsync(http, measured, messages, kind);
                encoder = await Load.RequestsAsync(total, concurrency, i => embedder.EncodeAsync(texts[i]));
            }

            rounds.Add((encoder, peak));
            Load.Report($"round {round + 1}: bare encoder", encoder);
            Load.Report($"round {round + 1}: sendMessage ({retrieval}), peak", peak);
        }

        var peakSent = _sent;
        var peakReplies = _replies;
        var peakRight = _rightArticle;
        var peakFailures = _failures;
        var median = rounds.OrderBy(r => r.Peak.Rate / r.Encoder.Rate).ElementAt(rounds.Count / 2);
        var medianPeak = rounds.Select(r => r.Peak.Rate).Order().ElementAt(rounds.Count / 2);
        var medianEncoder = rounds.Select(r => r.Encoder.Rate).Order().ElementAt(rounds.Count / 2);

        // Half of peak: open loop over fresh conversations, latency counted from when each message was due.
        ResetCounts();
        var rate = medianPeak / 2;
        // Enough conversations that none gets more than `messages` (one question per article: a sixth would repeat the first).
        var fresh = await Customers.StartAsync(http, tenants, Math.Max(concurrency, (int)Math.Ceiling(rate * (Settle + seconds) * 1.1 / messages) + 1));
        var next = new int[fresh.Count];
        var sends = -1;
        Task SendOneAsync(int _)
        {
            // One sequence over both phases (each AtRateAsync numbers its requests from 0): the settling phase and the
            // measured one must not both start at the first conversation, or the first ones get a sixth question.
            var k = Interlocked.Increment(ref sends);
            var conversation = fresh[k % fresh.Count];
            var m = Interlocked.Increment(ref next[k % fresh.Count]);
            return SendAsync(http, conversation, m, "half");
        }

        var settling = await Load.AtRateAsync(rate, TimeSpan.FromSeconds(Settle), SendOneAsync);
        Load.Report("(settling at half of peak, not counted)", settling);
        var half = await Load.AtRateAsync(rate, TimeSpan.FromSeconds(seconds), SendOneAsync);
        Load.Report($"sendMessage ({retrieval}) at half of peak ({rate:F0}/s)", half);
        Console.WriteLine($"  of which the load tool's own lag in starting requests: p99={half.Lag!.Percentile(99):F2} ms max={half.Lag.Percentile(100):F2} ms");

        var ratio = median.Peak.Rate / median.Encoder.Rate;
        var p50 = half.Latencies.Percentile(50);
        var p99 = half.Latencies.Percentile(99);
        Console.WriteLine($"  peak: {peakSent - peakFailures} of {total * Scale * Rounds} acknowledged ({peakFailures} failed), {peakReplies} answered by the bot at once, {peakRight} from the question's own article");
        Console.WriteLine($"  half of peak: {_sent - _failures} of {_sent} acknowledged ({_failures} failed), {_replies} answered by the bot at once, {_rightArticle} from the question's own article");
        Console.WriteLine($"  rounds (peak msgs/s / bare encoder texts/s): {string.Join(", ", rounds.Select(r => $"{r.Peak.Rate:F0} / {r.Encoder.Rate:F0} = {r.Peak.Rate / r.Encoder.Rate:P1}"))}");
        Console.WriteLine($"  median peak {medianPeak:F0} msgs/s; median bare encoder {medianEncoder:F0} texts/s");
        Console.WriteLine($"  ratio peak msgs/s ({retrieval}) / bare encoder texts/s (median round): {median.Peak.Rate:F0} / {median.Encoder.Rate:F0} = {ratio:P1}"
            + (_hybrid ? $" (target >= {RateTarget:P0}: {(ratio >= RateTarget ? "met" : "NOT met")})" : " (lexical: no encoding on the server; alongside)"));
        Console.WriteLine($"  half of peak ({rate:F0}/s): p50 {p50:F1} ms, p99 {p99:F1} ms"
            + (_hybrid ? $" (target p99 < {P99Target} ms: {(p99 < P99Target ? "met" : "NOT met")})" : ""));

        var unanswered = peakSent - peakReplies + _sent - _replies;
        if (unanswered > 0)
        {
            Console.WriteLine($"  FAILED: {unanswered} messages without an immediate bot answer (or not acknowledged)");
        }

        return peakFailures == 0 && _failures == 0 && unanswered == 0 ? 0 : 1;
    }

    private void ResetCounts()
    {
        _sent = 0;
        _replies = 0;
        _rightArticle = 0;
        _failures = 0;
    }

    /// <summary>Each conversation sends <paramref name="count"/> messages one after another, <c>concurrency</c> conversations at a time.</summary>
    private async Task<Run> SendAllAsync(HitlHttp http, List<BenchConversation> list, int count, string kind)
    {
        var latencies = new Latencies();
        var started = Stopwatch.GetTimestamp();
        await Load.ForEachAsync(list.Count, concurrency, async i =>
        {
            for (var m = 0; m < count; m++)
            {
                var t0 = Stopwatch.GetTimestamp();
                if (await SendAsync(http, list[i], m, kind))
                {
                    var elapsed = Stopwatch.GetElapsedTime(t0);
                    lock (latencies)
                    {
                        latencies.Add(elapsed);
                    }
                }
            }
        });
        return new Run(latencies, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>Sends one message; counts the bot's answer and whether it came from the question's own article.</summary>
    private async Task<bool> SendAsync(HitlHttp http, BenchConversation conversation, int m, string kind)
    {
        Interlocked.Increment(ref _sent);
        var question = Question(conversation.Index, m);
        try
        {
            var data = await http.PostAsync(SendMessage, new { i = new { conversationId = conversation.Id, text = Text(conversation.Index, m, kind), clientMessageId = $"{kind}-{m}" } }, conversation.Token);
            var reply = data.GetProperty("sendMessage").GetProperty("reply");
            if (reply.ValueKind != JsonValueKind.Null)
            {
                Interlocked.Increment(ref _replies);
                var text = reply.GetProperty("text").GetString() ?? "";
                var article = BenchKnowledge.Articles.First(a => a.Questions.Contains(question));
                if (FromArticle(text, article))
                {
                    Interlocked.Increment(ref _rightArticle);
                }
            }

            return true;
        }
        catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException)
        {
            if (Interlocked.Increment(ref _failures) <= 5)
            {
                Console.WriteLine($"  sendMessage failed ({conversation.Id}): {ex.Message}");
            }

            return false;
        }
    }

    /// <summary>An answer is the article's title and body (lexical) or its passages that answer (hybrid): its first sentence is in the article.</summary>
    private static bool FromArticle(string answer, (string Title, string Body, string[] Questions) article)
    {
        var first = answer.Split(['\n', '.'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
        return first.Length > 0 && (article.Title.Contains(first, StringComparison.Ordinal) || article.Body.Contains(first, StringComparison.Ordinal));
    }

    /// <summary>
    /// One question per article in a conversation (article (c + m) mod 5; which of its two phrasings depends on the
    /// conversation): the two phrasings of one article are paraphrases (cosine 0.65-0.80), which the engine reads as
    /// the customer asking again, while questions of different articles stay under 0.42.
    /// </summary>
    private static string Question(int conversation, int message)
    {
        var articles = BenchKnowledge.Articles.Length;
        var article = BenchKnowledge.Articles[(conversation + message) % articles];
        return article.Questions[(conversation / articles) % article.Questions.Length];
    }

    private string Text(int conversation, int message, string kind) =>
        $"{Question(conversation, message)} ({Token(conversation, message, kind)})";

    /// <summary>
    /// Eight hex digits of a hash of the run, kind, conversation and message: the text is unique (the vector cache
    /// cannot hit), while two messages of one conversation share nothing beyond their questions. A shared reference
    /// such as "ref RUN-msg-17-0" / "ref RUN-msg-17-1" made every pair of them similar in meaning, and the engine
    /// read the second question as a repeat.
    /// </summary>
    private string Token(int conversation, int message, string kind) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{_run}/{kind}/{conversation}/{message}")))[..8];
}
