namespace Hitl.Grains.Access;

/// <summary>A tenant's revocation cut-offs: a token of a listed subject issued before its cut-off is refused.</summary>
[GenerateSerializer, Immutable, Alias("hitl.TokenRevocations")]
public sealed record TokenRevocations(IReadOnlyDictionary<string, DateTimeOffset> Cutoffs)
{
    public static TokenRevocations None { get; } = new(new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal));

    /// <summary>True when a token of <paramref name="subject"/> issued at <paramref name="issuedAt"/> was revoked.</summary>
    public bool IsRevoked(string subject, DateTimeOffset issuedAt) =>
        Cutoffs.TryGetValue(subject, out var cutoff) && issuedAt < cutoff;
}
