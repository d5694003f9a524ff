using System.Globalization;
using Hitl.Grains.Knowledge;
using Hitl.Grains.Knowledge.Semantic;
using Xunit.Abstractions;

namespace Hitl.Grains.Tests.Knowledge.Semantic;

/// <summary>
/// Prints what hybrid retrieval makes of every labelled question (docs/knowledge-bot.md explains how the
/// calibration was chosen on the published set and checked on the others). Holds the retrieval-level bars that the
/// end-to-end evaluation in Hitl.Api.Tests then checks through the whole engine.
/// </summary>
public sealed class CalibrationReport(ITestOutputHelper output)
{
    [Theory]
    [InlineData("published")]
    [InlineData("second-business")]
    [InlineData("third-business")]
    public async Task AnswerableQuestions_FindTheirArticle_AndUnrelatedOnesStayOutOfScope(string set)
    {
        var eval = set == "published" ? EvalSet.Load() : EvalSet.LoadOwn(set);
        var snapshot = new KnowledgeSnapshot(1, eval.Articles);
        var index = KnowledgeIndex.Build(snapshot, thesaurus: false);
        index.Semantic = await SemanticIndex.BuildAsync(snapshot, SharedEmbedder.Instance, null);
        var calibrator = new ConfidenceCalibrator();

        var right = 0;
        var total = 0;
        foreach (var c in eval.Cases)
        {
            foreach (var (i, expected) in c.Answers)
            {
                var (top, line) = await ExplainAsync(index, calibrator, c.Customer[i]);
                total++;
                right += top == expected ? 1 : 0;
                output.WriteLine($"{(top == expected ? "ok  " : "MISS")} want {expected,-22} {line}");
            }

            if (c.EscalateAt is { } at && c.ReasonsAny.Any(r => r is "OUT_OF_SCOPE" or "LOW_CONFIDENCE"))
            {
                var (_, line) = await ExplainAsync(index, calibrator, c.Customer[at]);
                output.WriteLine($"OOS  [{string.Join(',', c.ReasonsAny)}] {line}");
            }
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{set}: first article right {right}/{total}"));
        Assert.True(total > 0);
        // The issue's bar is 0.95 end to end; today the blind sets stand at 0.81 and 0.85 (docs/knowledge-bot.md). This
        // floor keeps what was reached from slipping while the work goes on.
        Assert.True(right >= (set == "published" ? 1.0 : 0.75) * total, $"{set}: first article right {right}/{total}");
    }

    private static async Task<(string? Top, string Line)> ExplainAsync(KnowledgeIndex index, ConfidenceCalibrator calibrator, string question)
    {
        var vector = await SharedEmbedder.Instance.EncodeAsync(question);
        var lexical = index.Search(question, 5);
        var lexicalConfidence = calibrator.Confidence(lexical);
        var ranked = HybridCalibrator.Rank(lexical, lexicalConfidence, index.Semantic!.Rank(vector));
        if (ranked.Count == 0)
        {
            return (null, $"(nothing) {question}");
        }

        var top = ranked[0];
        var second = ranked.Count > 1 ? ranked[1] : null;
        return (top.Article.Id, string.Create(CultureInfo.InvariantCulture,
            $"got {top.Article.Id,-22} conf {top.Confidence:0.00} lex {top.Lexical:0.00} sim {top.Similarity:0.00} | 2nd {second?.Article.Id ?? "-",-18} {second?.Confidence ?? 0:0.00} | {question}"));
    }
}
