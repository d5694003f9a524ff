using Hitl.Grains.Common;
using Microsoft.Extensions.Logging;

namespace Hitl.Grains.Access;

public sealed class TokenRevocationGrain(
    [PersistentState("token-revocations", HitlStorage.Name)] IPersistentState<TokenRevocationState> state,
    TimeProvider time,
    ILogger<TokenRevocationGrain> logger) : Grain, ITokenRevocationGrain
{
    /// <summary>
    /// How long a cut-off is kept: longer than the longest token lifetime (7 days, JwtOptions.MaxLifetime) plus clock
    /// skew, so a cut-off is dropped only when every token it refuses has expired anyway. This keeps the state bounded.
    /// </summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(8);

    /// <summary>At most this many subjects revoked within <see cref="Retention"/> per tenant.</summary>
    public const int MaxSubjects = 10_000;

    private TokenRevocations? _snapshot;

    public async Task<int> RevokeAsync(string subject)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        var now = time.GetUtcNow();
        var cutoffs = state.State.Cutoffs;
        if (cutoffs.TryGetValue(subject, out var existing) && existing >= now)
        {
            return 0;
        }

        var pruned = cutoffs.Where(c => c.Value < now - Retention).Select(c => c.Key).ToList();
        if (!cutoffs.ContainsKey(subject) && cutoffs.Count - pruned.Count >= MaxSubjects)
        {
            throw HitlException.RateLimited($"At most {MaxSubjects} subjects can be revoked within {Retention.TotalDays} days.");
        }

        var before = new Dictionary<string, DateTimeOffset>(cutoffs, StringComparer.Ordinal);
        foreach (var key in pruned)
        {
            cutoffs.Remove(key);
        }

        cutoffs[subject] = now;
        try
        {
            await state.WriteOrResetAsync(this, logger);
        }
        catch (HitlException)
        {
            state.State.Cutoffs = before;
            throw;
        }

        _snapshot = null;
        return 1;
    }

    public Task<TokenRevocations> GetAsync()
    {
        _snapshot ??= new TokenRevocations(new Dictionary<string, DateTimeOffset>(state.State.Cutoffs, StringComparer.Ordinal));
        return Task.FromResult(_snapshot);
    }
}
