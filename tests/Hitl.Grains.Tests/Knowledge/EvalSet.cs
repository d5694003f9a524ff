using System.Text.Json;
using Hitl.Grains.Knowledge;
using Hitl.Grains.Tenants;

namespace Hitl.Grains.Tests.Knowledge;

/// <summary>The labelled escalation cases in ../shared/eval, read from the repository's parent folder.</summary>
internal sealed class EvalSet
{
    private const string RelativePath = "shared/eval/escalation-cases.json";

    private EvalSet(IReadOnlyList<Article> articles, IReadOnlyList<EvalCase> cases, Policy policy)
    {
        Articles = articles;
        Cases = cases;
        Policy = policy;
    }

    /// <summary>The default policy with the set's sensitive topics and amount rules, as the API evaluation sets it.</summary>
    public Policy Policy { get; }

    public IReadOnlyList<Article> Articles { get; }

    public IReadOnlyList<EvalCase> Cases { get; }

    public static EvalSet Load() => LoadFile(FindFile());

    /// <summary>A set of tests/Hitl.Api.Tests/Evaluation/sets (written blind, for other businesses).</summary>
    public static EvalSet LoadOwn(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Hitl.sln")))
            {
                return LoadFile(Path.Combine(dir.FullName, "tests", "Hitl.Api.Tests", "Evaluation", "sets", name + ".json"));
            }
        }

        throw new FileNotFoundException($"No repository above {AppContext.BaseDirectory}.");
    }

    private static EvalSet LoadFile(string path)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var root = json.RootElement;
        var articles = root.GetProperty("articles").EnumerateArray()
            .Select(a => new Article(
                a.GetProperty("id").GetString()!,
                a.GetProperty("title").GetString()!,
                a.GetProperty("body").GetString()!,
                [.. a.GetProperty("questions").EnumerateArray().Select(q => q.GetString()!)],
                DateTimeOffset.UnixEpoch))
            .ToList();
        var cases = root.GetProperty("cases").EnumerateArray()
            .Select(c => new EvalCase(
                c.GetProperty("name").GetString()!,
                [.. c.GetProperty("customer").EnumerateArray().Select(m => m.GetString()!)],
                c.TryGetProperty("escalateAt", out var at) && at.ValueKind == JsonValueKind.Number ? at.GetInt32() : null,
                c.TryGetProperty("reasonsAny", out var reasons) ? [.. reasons.EnumerateArray().Select(r => r.GetString()!)] : [],
                c.TryGetProperty("answers", out var answers)
                    ? answers.EnumerateObject().ToDictionary(p => int.Parse(p.Name, System.Globalization.CultureInfo.InvariantCulture), p => p.Value.GetString()!)
                    : []))
            .ToList();
        var policy = Policy.Default;
        if (root.TryGetProperty("policy", out var p))
        {
            if (p.TryGetProperty("sensitiveTopics", out var topics))
            {
                policy = policy with
                {
                    SensitiveTopics = [.. topics.EnumerateArray().Select(t => new SensitiveTopic(
                        t.GetProperty("name").GetString()!,
                        [.. t.GetProperty("phrases").EnumerateArray().Select(x => x.GetString()!)],
                        t.GetProperty("queue").GetString()!,
                        t.GetProperty("priority").GetInt32()))],
                };
            }

            if (p.TryGetProperty("amountRules", out var rules))
            {
                policy = policy with
                {
                    AmountRules = [.. rules.EnumerateArray().Select(r => new AmountRule(
                        r.GetProperty("name").GetString()!,
                        [.. r.GetProperty("phrases").EnumerateArray().Select(x => x.GetString()!)],
                        r.GetProperty("above").GetDouble(),
                        r.GetProperty("queue").GetString()!,
                        r.GetProperty("priority").GetInt32()))],
                };
            }
        }

        return new EvalSet(articles, cases, policy);
    }

    private static string FindFile()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, RelativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }

            // The repository root (it holds the solution): its parent folder holds shared/.
            if (File.Exists(Path.Combine(dir.FullName, "Hitl.sln")))
            {
                var beside = Path.Combine(dir.FullName, "..", RelativePath);
                if (File.Exists(beside))
                {
                    return Path.GetFullPath(beside);
                }
            }
        }

        throw new FileNotFoundException($"No {RelativePath} above {AppContext.BaseDirectory} or beside the repository.");
    }
}
