using System.Text.RegularExpressions;
using Hitl.Grains.Common;

namespace Hitl.Grains.Tenants;

/// <summary>
/// A tenant's escalation policy. Versioned: every accepted change makes a new version.
/// Invariants (checked by <see cref="Apply"/>): 0 ≤ outOfScopeBelow ≤ minConfidence ≤ reviewBelow ≤ 1,
/// negativeSentiment in [-1, 1], repeatSimilarity in (0, 1], queue names well-formed, SLA of 1 s to 7 days.
/// </summary>
[GenerateSerializer, Immutable, Alias("hitl.Policy")]
public sealed partial record Policy(
    [property: Id(0)] int Version,
    [property: Id(1)] double MinConfidence,
    [property: Id(2)] double OutOfScopeBelow,
    [property: Id(3)] double ReviewBelow,
    [property: Id(4)] double NegativeSentiment,
    [property: Id(5)] double RepeatSimilarity,
    [property: Id(6)] string DefaultQueue,
    [property: Id(7)] IReadOnlyList<SensitiveTopic> SensitiveTopics,
    [property: Id(8)] IReadOnlyList<AmountRule> AmountRules,
    [property: Id(9)] int SlaSeconds)
{
    public const int MaxPriority = 10;
    public const int MaxSlaSeconds = 7 * 24 * 3600;
    public const int MaxPhrases = 100;
    public const int MaxTopics = 50;

    /// <summary>The policy a new tenant starts with.</summary>
    public static Policy Default { get; } = new(
        Version: 1,
        MinConfidence: 0.35,
        OutOfScopeBelow: 0.15,
        ReviewBelow: 0.35,
        NegativeSentiment: -0.5,
        RepeatSimilarity: 0.8,
        DefaultQueue: "support",
        SensitiveTopics:
        [
            new("billing-dispute", ["dispute a charge", "chargeback", "charged twice", "double charged", "unauthorized charge", "didn't authorize", "refund dispute"], "billing", 2),
            new("legal", ["lawyer", "attorney", "lawsuit", "sue you", "legal action", "subpoena", "court order", "gdpr request"], "legal", 3),
            new("medical", ["medical advice", "my doctor", "medication", "diagnosis", "symptoms"], "compliance", 2),
            new("account-deletion", ["delete my account", "close my account", "erase my data", "erase all my data", "remove my account"], "privacy", 2),
        ],
        AmountRules:
        [
            new("large-refund", ["refund", "money back", "reimburse"], 100, "billing", 2),
        ],
        SlaSeconds: 300);

    /// <summary>Returns the next version with <paramref name="patch"/> applied, or throws BAD_USER_INPUT and changes nothing.</summary>
    public Policy Apply(PolicyPatch patch)
    {
        ArgumentNullException.ThrowIfNull(patch);
        var next = this with
        {
            Version = Version + 1,
            MinConfidence = patch.MinConfidence ?? MinConfidence,
            OutOfScopeBelow = patch.OutOfScopeBelow ?? OutOfScopeBelow,
            // Review stays off (reviewBelow == minConfidence) when only minConfidence moves.
            ReviewBelow = patch.ReviewBelow ?? (ReviewBelow == MinConfidence && patch.MinConfidence is { } m ? m : ReviewBelow),
            NegativeSentiment = patch.NegativeSentiment ?? NegativeSentiment,
            RepeatSimilarity = patch.RepeatSimilarity ?? RepeatSimilarity,
            DefaultQueue = patch.DefaultQueue?.Trim() ?? DefaultQueue,
            SensitiveTopics = patch.SensitiveTopics is { } topics ? Normalize(topics) : SensitiveTopics,
            AmountRules = patch.AmountRules is { } rules ? Normalize(rules) : AmountRules,
            SlaSeconds = patch.SlaSeconds ?? SlaSeconds,
        };
        next.Validate();
        return next;
    }

    /// <summary>Throws BAD_USER_INPUT naming the first broken invariant.</summary>
    public void Validate()
    {
        Require(IsUnit(OutOfScopeBelow), "outOfScopeBelow must be in [0, 1].");
        Require(IsUnit(MinConfidence), "minConfidence must be in [0, 1].");
        Require(IsUnit(ReviewBelow), "reviewBelow must be in [0, 1].");
        Require(OutOfScopeBelow <= MinConfidence, "outOfScopeBelow must not exceed minConfidence.");
        Require(MinConfidence <= ReviewBelow, "reviewBelow must not be below minConfidence.");
        Require(NegativeSentiment is >= -1 and <= 1, "negativeSentiment must be in [-1, 1].");
        Require(RepeatSimilarity is > 0 and <= 1, "repeatSimilarity must be in (0, 1].");
        Require(IsQueueName(DefaultQueue), "defaultQueue must be a non-empty queue name (letters, digits, '-', '_', '.', at most 64).");
        Require(SlaSeconds is > 0 and <= MaxSlaSeconds, $"slaSeconds must be between 1 and {MaxSlaSeconds}.");
        Require(SensitiveTopics.Count <= MaxTopics, $"At most {MaxTopics} sensitive topics.");
        Require(AmountRules.Count <= MaxTopics, $"At most {MaxTopics} amount rules.");
        foreach (var topic in SensitiveTopics)
        {
            var what = $"sensitiveTopics['{topic.Name}']";
            Require(!string.IsNullOrWhiteSpace(topic.Name), "Every sensitive topic needs a name.");
            ValidateRoute(what, topic.Phrases, topic.Queue, topic.Priority);
        }

        foreach (var rule in AmountRules)
        {
            var what = $"amountRules['{rule.Name}']";
            Require(!string.IsNullOrWhiteSpace(rule.Name), "Every amount rule needs a name.");
            Require(double.IsFinite(rule.Above) && rule.Above >= 0, $"{what}.above must be a non-negative number.");
            ValidateRoute(what, rule.Phrases, rule.Queue, rule.Priority);
        }

        Require(SensitiveTopics.Select(t => t.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count() == SensitiveTopics.Count, "Sensitive topic names must be unique.");
        Require(AmountRules.Select(t => t.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count() == AmountRules.Count, "Amount rule names must be unique.");
    }

    /// <summary>Queue names: 1-64 of letters, digits, '-', '_' and '.'.</summary>
    public static bool IsQueueName(string? name) => name is not null && QueueNamePattern().IsMatch(name);

    private static void ValidateRoute(string what, IReadOnlyList<string> phrases, string queue, int priority)
    {
        Require(phrases.Count is > 0 and <= MaxPhrases, $"{what} needs between 1 and {MaxPhrases} phrases.");
        Require(phrases.All(p => !string.IsNullOrWhiteSpace(p) && p.Length <= 200), $"{what}: phrases must be non-empty and at most 200 characters.");
        Require(IsQueueName(queue), $"{what}.queue must be a non-empty queue name.");
        Require(priority is >= 0 and <= MaxPriority, $"{what}.priority must be between 0 and {MaxPriority}.");
    }

    private static IReadOnlyList<SensitiveTopic> Normalize(IReadOnlyList<SensitiveTopic> topics) =>
        [.. topics.Select(t => t with { Name = t.Name.Trim(), Queue = t.Queue.Trim(), Phrases = [.. t.Phrases.Select(p => p.Trim())] })];

    private static IReadOnlyList<AmountRule> Normalize(IReadOnlyList<AmountRule> rules) =>
        [.. rules.Select(r => r with { Name = r.Name.Trim(), Queue = r.Queue.Trim(), Phrases = [.. r.Phrases.Select(p => p.Trim())] })];

    private static bool IsUnit(double value) => value is >= 0 and <= 1;

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw HitlException.BadInput(message);
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex QueueNamePattern();
}
