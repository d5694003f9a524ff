using System.Globalization;
using System.Text;
using Hitl.Grains.Escalation;
using Hitl.Grains.Escalation.Meaning;
using Hitl.Grains.Escalation.Text;
using Hitl.Grains.Knowledge;
using Hitl.Grains.Knowledge.Semantic;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace Hitl.Grains.Tests.Knowledge.Semantic;

/// <summary>
/// Every labelled conversation through the escalation engine and the hybrid bot in process, as a conversation grain
/// runs them (sentiment, answered questions, screen, ask, decide), without the API: the quick report to read while
/// working on the engine. The API evaluation (Hitl.Api.Tests) holds the same bars end to end.
/// </summary>
public sealed class EngineReport(ITestOutputHelper output)
{
    /// <summary>The same bars and floors as the API evaluation (EscalationEvaluationTests explains them).</summary>
    [Theory]
    [InlineData("published", 0.95, 0.95)]
    [InlineData("second-business", 0.75, 0.78)]
    [InlineData("third-business", 0.80, 0.83)]
    public async Task Report(string set, double minPrecision, double minRecall)
    {
        var eval = set == "published" ? EvalSet.Load() : EvalSet.LoadOwn(set);
        var snapshot = new KnowledgeSnapshot(1, eval.Articles);
        var index = KnowledgeIndex.Build(snapshot, thesaurus: false);
        index.Semantic = await SemanticIndex.BuildAsync(snapshot, SharedEmbedder.Instance, null);
        var options = new KnowledgeBotOptions();
        var bot = new KnowledgeBot(new KnowledgeIndexCache(new FakeKnowledgeSource(), TimeProvider.System, options), Options.Create(options), SharedEmbedder.Instance);
        var engine = EscalationEngine.CreateDefault();
        var scorer = new SentimentScorer();
        var meaning = new MeaningReader(Options.Create(new SemanticOptions { Retrieval = "hybrid" }), SharedEmbedder.Instance);

        var report = new StringBuilder();
        int expected = 0, escalated = 0, right = 0, answers = 0, sources = 0;
        var reasonCounts = new Dictionary<string, (int Labelled, int Recalled, int Fired, int Precise)>();
        foreach (var c in eval.Cases)
        {
            double? running = null;
            var answered = new List<string>();
            int? at = null;
            IReadOnlyList<string> reasons = [];
            for (var i = 0; i < c.Customer.Count && at is null; i++)
            {
                var text = c.Customer[i];
                var sentiment = scorer.Score(text);
                var previous = running;
                running = SentimentTracker.Update(previous, sentiment);
                var context = new EscalationContext(text, sentiment, previous, [.. answered], null, eval.Policy)
                {
                    Meaning = await meaning.ReadAsync(text, answered),
                };
                var decision = engine.EvaluateMessage(context);
                BotAnswer? answer = null;
                if (decision is null)
                {
                    answer = bot.Answer(index, text, await SharedEmbedder.Instance.EncodeAsync(text));
                    decision = engine.DecideWithAnswer(context with { Answer = answer, BotConsulted = true });
                }

                if (decision.Kind == EscalationDecisionKind.Escalate)
                {
                    at = i;
                    reasons = [.. decision.Reasons.Select(r => ReasonName(r.Reason))];
                    report.AppendLine(CultureInfo.InvariantCulture, $"   {c.Name}#{i} ESCALATE {string.Join(';', decision.Reasons.Select(r => r.Detail))}");
                    break;
                }

                if (decision.Kind == EscalationDecisionKind.Answer)
                {
                    answered.Add(text);
                }

                if (c.Answers.TryGetValue(i, out var want))
                {
                    answers++;
                    var got = answer is { Sources.Count: > 0 } ? answer.Sources[0] : null;
                    sources += got == want ? 1 : 0;
                    if (got != want)
                    {
                        report.AppendLine(CultureInfo.InvariantCulture, $"SOURCE {c.Name}#{i}: want {want} got {got} ({answer?.Confidence:0.00}) | {text}");
                    }
                }
            }

            var reasonOk = c.ReasonsAny.Count == 0 || reasons.Any(c.ReasonsAny.Contains);
            var passed = at == c.EscalateAt && (c.EscalateAt is null || reasonOk);
            expected += c.EscalateAt is null ? 0 : 1;
            escalated += at is null ? 0 : 1;
            right += c.EscalateAt is not null && passed ? 1 : 0;
            foreach (var r in c.ReasonsAny.Concat(reasons).Distinct())
            {
                var (l, rc, f, p) = reasonCounts.GetValueOrDefault(r);
                var labelled = c.ReasonsAny.Contains(r);
                var fired = reasons.Contains(r);
                reasonCounts[r] = (l + (labelled ? 1 : 0), rc + (labelled && passed ? 1 : 0), f + (fired ? 1 : 0), p + (fired && at == c.EscalateAt && labelled ? 1 : 0));
            }

            if (!passed)
            {
                report.AppendLine(CultureInfo.InvariantCulture, $"MISS {c.Name}: want {c.EscalateAt?.ToString(CultureInfo.InvariantCulture) ?? "none"} [{string.Join(',', c.ReasonsAny)}] got {at?.ToString(CultureInfo.InvariantCulture) ?? "none"} [{string.Join(',', reasons)}] | {string.Join(" / ", c.Customer)}");
            }
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{set}: precision {(double)right / escalated:0.000} recall {(double)right / expected:0.000} sources {sources}/{answers}"));
        foreach (var (r, (l, rc, f, p)) in reasonCounts.OrderBy(x => x.Key))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {r,-18} recall {rc}/{l} precision {p}/{f}"));
        }

        output.WriteLine(report.ToString());
        Assert.True(expected > 0 && escalated > 0);
        Assert.True((double)right / escalated >= minPrecision, $"{set}: precision {(double)right / escalated:0.000}");
        Assert.True((double)right / expected >= minRecall, $"{set}: recall {(double)right / expected:0.000}");
    }

    private static string ReasonName(EscalationReason reason) => reason switch
    {
        EscalationReason.LowConfidence => "LOW_CONFIDENCE",
        EscalationReason.OutOfScope => "OUT_OF_SCOPE",
        EscalationReason.ExplicitRequest => "EXPLICIT_REQUEST",
        EscalationReason.NegativeSentiment => "NEGATIVE_SENTIMENT",
        EscalationReason.SensitiveTopic => "SENSITIVE_TOPIC",
        EscalationReason.RepeatedFailure => "REPEATED_FAILURE",
        _ => "RULE",
    };
}
