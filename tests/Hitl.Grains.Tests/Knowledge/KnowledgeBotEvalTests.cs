using System.Globalization;
using Hitl.Grains.Knowledge;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace Hitl.Grains.Tests.Knowledge;

public sealed class KnowledgeBotEvalTests(ITestOutputHelper output)
{
    private const double MinConfidence = 0.35;
    private const double OutOfScopeBelow = 0.15;

    private static readonly EvalSet Eval = EvalSet.Load();

    [Fact]
    public void EvalSet_AnswersComeFromTheExpectedArticleWithConfidence()
    {
        var (bot, index) = Bot();
        var failures = new List<string>();
        var confidences = new List<double>();
        var answered = 0;
        foreach (var evalCase in Eval.Cases)
        {
            foreach (var (message, expected) in evalCase.Answers)
            {
                var question = evalCase.Customer[message];
                var answer = bot.Answer(index, question);
                var breakdown = new ConfidenceCalibrator().Calibrate(index.Search(question, 3));
                confidences.Add(answer.Confidence);
                var first = (answer.Sources.Count > 0 ? answer.Sources[0] : "-");
                var ok = first == expected && answer.Confidence >= MinConfidence;
                answered += ok ? 1 : 0;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{(ok ? "ok  " : "FAIL")} {answer.Confidence:0.000} (C {breakdown.Coverage:0.00} D {breakdown.Margin:0.00}) {first,-22} {question}"));
                if (!ok)
                {
                    failures.Add($"{evalCase.Name}[{message}]: expected {expected}, got {first} at {answer.Confidence:0.000}");
                }
            }
        }

        // Zero answers checked is no evidence: fail rather than report an empty success.
        Assert.NotEmpty(confidences);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"answered right: {answered}/{confidences.Count}; confidence {confidences.Min():0.000}..{confidences.Max():0.000}, mean {confidences.Average():0.000}"));
        Assert.Empty(failures);
    }

    [Fact]
    public void EvalSet_OutOfScopeQuestionsStayBelowMinConfidence()
    {
        var (bot, index) = Bot();
        var cases = Eval.Cases
            .Where(c => c.EscalateAt == 0 && c.ReasonsAny.Any(r => r is "OUT_OF_SCOPE" or "LOW_CONFIDENCE"))
            .ToList();
        Assert.NotEmpty(cases);
        var failures = new List<string>();
        var outOfScope = 0;
        foreach (var evalCase in cases)
        {
            var question = evalCase.Customer[0];
            var answer = bot.Answer(index, question);
            var breakdown = new ConfidenceCalibrator().Calibrate(index.Search(question, 3));
            outOfScope += answer.Confidence < OutOfScopeBelow ? 1 : 0;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{answer.Confidence:0.000} (C {breakdown.Coverage:0.00} D {breakdown.Margin:0.00}) {(answer.Sources.Count > 0 ? answer.Sources[0] : "-"),-22} {question}"));
            if (answer.Confidence >= MinConfidence)
            {
                failures.Add($"{evalCase.Name}: {answer.Confidence:0.000}");
            }
        }

        output.WriteLine($"escalated (< {MinConfidence}): {cases.Count - failures.Count}/{cases.Count}; below out-of-scope ({OutOfScopeBelow}): {outOfScope}/{cases.Count}");
        Assert.Empty(failures);
    }

    [Fact]
    public void EvalSet_Summary_PrecisionAndRecallOfLowConfidence()
    {
        // Over every first message: would a confidence below minConfidence escalate exactly the cases
        // labelled OUT_OF_SCOPE / LOW_CONFIDENCE? Other reasons (sentiment, requests) are not the bot's job.
        var (bot, index) = Bot();
        int truePositive = 0, falsePositive = 0, falseNegative = 0;
        foreach (var evalCase in Eval.Cases)
        {
            var labelled = evalCase.EscalateAt == 0 && evalCase.ReasonsAny.Any(r => r is "OUT_OF_SCOPE" or "LOW_CONFIDENCE");
            var mustAnswer = evalCase.Answers.ContainsKey(0);
            if (!labelled && !mustAnswer)
            {
                continue;
            }

            var low = bot.Answer(index, evalCase.Customer[0]).Confidence < MinConfidence;
            truePositive += labelled && low ? 1 : 0;
            falsePositive += !labelled && low ? 1 : 0;
            falseNegative += labelled && !low ? 1 : 0;
        }

        // Precision or recall over zero cases is undefined, and undefined fails (it is not a perfect score).
        double? precision = truePositive + falsePositive == 0 ? null : (double)truePositive / (truePositive + falsePositive);
        double? recall = truePositive + falseNegative == 0 ? null : (double)truePositive / (truePositive + falseNegative);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"LOW_CONFIDENCE/OUT_OF_SCOPE: precision {precision?.ToString("0.00", CultureInfo.InvariantCulture) ?? "n/a"}, recall {recall?.ToString("0.00", CultureInfo.InvariantCulture) ?? "n/a"} (tp {truePositive}, fp {falsePositive}, fn {falseNegative})"));
        Assert.NotNull(precision);
        Assert.NotNull(recall);
        Assert.Equal(1.0, precision.Value);
        Assert.Equal(1.0, recall.Value);
    }

    [Fact]
    public async Task Searches_RunningAtOnce_RankLikeOneAtATime()
    {
        // The index caches each term's place in Lucene's dictionary on first use; concurrent searches share it.
        var (_, index) = Bot();
        var questions = Eval.Cases.SelectMany(c => c.Customer).Distinct(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(questions);
        string Ranking(string question) => string.Join(",", index.Search(question, 3).Hits.Select(h => $"{h.Article.Id}:{h.Score.ToString("R", CultureInfo.InvariantCulture)}"));
        var results = await Task.WhenAll(Enumerable.Range(0, questions.Count * 8).Select(i => Task.Run(() => (Question: questions[i % questions.Count], Ranking: Ranking(questions[i % questions.Count])))));
        var alone = questions.ToDictionary(q => q, Ranking, StringComparer.Ordinal);
        Assert.All(results, r => Assert.Equal(alone[r.Question], r.Ranking));
    }

    private static (KnowledgeBot Bot, KnowledgeIndex Index) Bot()
    {
        var index = KnowledgeIndex.Build(new KnowledgeSnapshot(1, Eval.Articles));
        var options = Options.Create(new KnowledgeBotOptions());
        var cache = new KnowledgeIndexCache(new FakeKnowledgeSource(), TimeProvider.System, options.Value);
        return (new KnowledgeBot(cache, options), index);
    }
}
