using System.Globalization;
using System.Text;
using System.Text.Json;
using Hitl.Api.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Hitl.Api.Tests.Evaluation;

/// <summary>
/// Runs ../shared/eval/escalation-cases.json end to end through the API: each case is a fresh
/// conversation in a fresh tenant with the file's articles and policy. Prints precision and recall
/// overall and per reason, and the share of answers whose first source is the labelled article,
/// and fails below the bars the engine is calibrated for.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class EscalationEvaluationTests(ApiFixture fixture, ITestOutputHelper output)
{
    /// <summary>
    /// The published set must meet the bars (0.95, every explicit request and sensitive topic caught). The two sets of
    /// other businesses, written blind (Evaluation/sets/README.md), are reported the same way and held to floors just
    /// under today's figures, so nothing reached slips while the engine still falls short of the bars on them
    /// (docs/knowledge-bot.md lists what misses).
    /// </summary>
    [Theory]
    [InlineData("published", 0.95, 0.95, 0.95, true)]
    [InlineData("second-business", 0.75, 0.78, 0.70, false)]
    [InlineData("third-business", 0.80, 0.83, 0.77, false)]
    public async Task EvaluationSet_MeetsThePrecisionRecallAndSourceBars(string set, double minPrecision, double minRecall, double minSources, bool everyExplicitRequest)
    {
        using var file = JsonDocument.Parse(await File.ReadAllTextAsync(set == "published" ? EvalPath() : Path.Combine(AppContext.BaseDirectory, "Evaluation", "sets", set + ".json")));
        var root = file.RootElement;
        var results = new List<CaseResult>();
        foreach (var c in root.GetProperty("cases").EnumerateArray())
        {
            results.Add(await RunCaseAsync(root, c));
        }

        // A score over zero cases proves nothing: an empty or mislabelled set fails instead of scoring 1.0.
        Assert.NotEmpty(results);

        var report = new StringBuilder($"set {set}: {results.Count} conversations\n");
        var shouldEscalate = results.Where(r => r.ExpectedAt is not null).ToList();
        var didEscalate = results.Where(r => r.EscalatedAt is not null).ToList();
        var truePositives = results.Count(r => r.ExpectedAt is not null && r.EscalatedAt == r.ExpectedAt && r.ReasonOk);
        var precision = Ratio(truePositives, didEscalate.Count);
        var recall = Ratio(truePositives, shouldEscalate.Count);
        report.AppendLine(CultureInfo.InvariantCulture, $"overall: precision {Show(precision)} recall {Show(recall)} ({truePositives} right of {shouldEscalate.Count} expected, {didEscalate.Count} escalated)");

        foreach (var reason in results.SelectMany(r => r.ExpectedReasons.Concat(r.ActualReasons)).Distinct().Order())
        {
            // Recall: cases labelled with this reason (among their acceptable ones) that escalated right.
            // Precision: cases where this reason fired that expected an escalation then, with this reason acceptable.
            var labelled = results.Where(r => r.ExpectedReasons.Contains(reason)).ToList();
            var fired = results.Where(r => r.ActualReasons.Contains(reason)).ToList();
            var recalled = labelled.Count(r => r.Passed);
            var precise = fired.Count(r => r.EscalatedAt == r.ExpectedAt && r.ExpectedReasons.Contains(reason));
            report.AppendLine(CultureInfo.InvariantCulture, $"{reason,-18} precision {Show(Ratio(precise, fired.Count))} recall {Show(Ratio(recalled, labelled.Count))} (labelled {labelled.Count}, fired {fired.Count})");
        }

        var answers = results.SelectMany(r => r.Answers).ToList();
        var sourcesRight = answers.Count(a => a.Expected == a.Actual);
        var sourceShare = Ratio(sourcesRight, answers.Count);
        report.AppendLine(CultureInfo.InvariantCulture, $"first source right: {sourcesRight}/{answers.Count} = {Show(sourceShare)}");
        foreach (var r in results.Where(r => !r.Passed))
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"MISS {r.Name}: expected escalation at {r.ExpectedAt?.ToString(CultureInfo.InvariantCulture) ?? "none"} [{string.Join(',', r.ExpectedReasons)}], got {r.EscalatedAt?.ToString(CultureInfo.InvariantCulture) ?? "none"} [{string.Join(',', r.ActualReasons)}]");
        }

        foreach (var a in answers.Where(a => a.Expected != a.Actual))
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"SOURCE {a.Case}#{a.Index}: expected {a.Expected}, got {a.Actual ?? "(no answer)"}");
        }

        output.WriteLine(report.ToString());

        // An undefined score (no case in its denominator) is a failure, as is a score below the bar.
        Assert.True(precision >= minPrecision, report.ToString());
        Assert.True(recall >= minRecall, report.ToString());
        Assert.True(sourceShare >= minSources, report.ToString());
        foreach (var mustNeverMiss in everyExplicitRequest ? new[] { "EXPLICIT_REQUEST", "SENSITIVE_TOPIC" } : ["SENSITIVE_TOPIC"])
        {
            var labelled = results.Where(r => r.ExpectedReasons.Contains(mustNeverMiss)).ToList();
            Assert.True(labelled.Count > 0, $"The set has no case labelled {mustNeverMiss}: its recall is undefined.\n{report}");
            Assert.All(labelled, r => Assert.True(r.EscalatedAt == r.ExpectedAt && r.ActualReasons.Contains(mustNeverMiss), $"{r.Name} must escalate with {mustNeverMiss}.\n{report}"));
        }
    }

    private async Task<CaseResult> RunCaseAsync(JsonElement root, JsonElement c)
    {
        var client = fixture.Client;
        var (tenant, apiKey) = await client.CreateTenantAsync();
        var manager = await client.TokenAsync(tenant, apiKey, "MANAGER", "eval");
        foreach (var article in root.GetProperty("articles").EnumerateArray())
        {
            (await client.PostAsync("mutation($i: ArticleInput!) { upsertArticle(input: $i) { id } }", new { i = article }, manager)).Ok();
        }

        (await client.PostAsync("mutation($i: PolicyInput!) { updatePolicy(input: $i) { version } }", new { i = root.GetProperty("policy") }, manager)).Ok();

        var name = c.GetProperty("name").GetString()!;
        int? expectedAt = c.GetProperty("escalateAt").ValueKind == JsonValueKind.Number ? c.GetProperty("escalateAt").GetInt32() : null;
        var expectedReasons = c.TryGetProperty("reasonsAny", out var ra) && ra.ValueKind == JsonValueKind.Array
            ? ra.EnumerateArray().Select(x => x.GetString()!).ToList()
            : [];
        var expectedAnswers = c.TryGetProperty("answers", out var ans) && ans.ValueKind == JsonValueKind.Object
            ? ans.EnumerateObject().ToDictionary(p => int.Parse(p.Name, CultureInfo.InvariantCulture), p => p.Value.GetString()!)
            : [];

        var (conversation, token) = await client.StartConversationAsync(tenant);
        int? escalatedAt = null;
        List<string> actualReasons = [];
        var answers = new List<AnswerResult>();
        var messages = c.GetProperty("customer").EnumerateArray().Select(m => m.GetString()!).ToList();
        for (var i = 0; i < messages.Count; i++)
        {
            // The customer sends as a widget does; sources and escalations are staff-only, so the manager reads them.
            var payload = (await client.PostAsync(
                """
                mutation($i: SendMessageInput!) {
                  sendMessage(input: $i) { reply { id } }
                }
                """,
                new { i = new { conversationId = conversation, text = messages[i], clientMessageId = $"eval-{i}" } },
                token)).Ok().GetProperty("sendMessage");
            var staffView = (await client.PostAsync(
                "query($id: ID!) { conversation(id: $id) { status escalation { reasons { reason } } messages(last: 1) { id sources } } }",
                new { id = conversation },
                manager)).Ok().GetProperty("conversation");
            var reply = payload.GetProperty("reply");
            if (expectedAnswers.TryGetValue(i, out var expectedSource))
            {
                var sources = reply.ValueKind == JsonValueKind.Object
                    ? staffView.GetProperty("messages").EnumerateArray().Single(m => m.GetProperty("id").GetString() == reply.GetProperty("id").GetString()).GetProperty("sources")
                    : default;
                var actual = sources.ValueKind == JsonValueKind.Array && sources.GetArrayLength() > 0
                    ? sources[0].GetString()
                    : null;
                answers.Add(new AnswerResult(name, i, expectedSource, actual));
            }

            var escalation = staffView.GetProperty("escalation");
            if (escalatedAt is null && escalation.ValueKind == JsonValueKind.Object)
            {
                escalatedAt = i;
                actualReasons = [.. escalation.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("reason").GetString()!)];
                break;
            }
        }

        return new CaseResult(name, expectedAt, expectedReasons, escalatedAt, actualReasons, answers);
    }

    /// <summary>A share, or null when nothing is in the denominator (then it is no evidence either way).</summary>
    private static double? Ratio(int part, int whole) => whole == 0 ? null : (double)part / whole;

    private static string Show(double? ratio) => ratio is { } r ? r.ToString("0.000", CultureInfo.InvariantCulture) : "n/a (no cases)";

    private static string EvalPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "eval", "escalation-cases.json");
            if (File.Exists(candidate))
            {
                return candidate;
            }

            if (File.Exists(Path.Combine(dir.FullName, "Hitl.sln")))
            {
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "eval", "escalation-cases.json"));
            }
        }

        throw new FileNotFoundException("escalation-cases.json not found above " + AppContext.BaseDirectory);
    }

    private sealed record AnswerResult(string Case, int Index, string Expected, string? Actual);

    private sealed record CaseResult(string Name, int? ExpectedAt, List<string> ExpectedReasons, int? EscalatedAt, List<string> ActualReasons, List<AnswerResult> Answers)
    {
        public bool ReasonOk => ExpectedReasons.Count == 0 || ActualReasons.Any(ExpectedReasons.Contains);

        public bool Passed => EscalatedAt == ExpectedAt && (ExpectedAt is null || ReasonOk);
    }
}
