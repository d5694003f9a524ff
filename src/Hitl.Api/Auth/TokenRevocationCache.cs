using System.Collections.Concurrent;
using Hitl.Grains.Access;
using Hitl.Grains.Common;
using Microsoft.Extensions.Options;

namespace Hitl.Api.Auth;

/// <summary>
/// Each tenant's revocation list (<see cref="ITokenRevocationGrain"/>), cached in this process for
/// <see cref="JwtOptions.RevocationCacheTtl"/> so validating a token is not a grain call per request. A revocation made
/// through this process applies here at once; other API processes see it within the cache time.
/// </summary>
/// <remarks>
/// Authentication must not hang on the grain: when the list is older than the cache time, requests go on with the list
/// they have while one refresh runs in the background (stale while revalidating). If the grain can't be reached (its silo
/// just died), the last list known stays in force until a refresh succeeds; a failed refresh is tried again by the next
/// request. Only a process that never read a tenant's list waits for it, for at most <see cref="FirstReadTimeout"/>; if
/// that fails the token is refused (fail closed), and the next request asks again.
/// </remarks>
public sealed class TokenRevocationCache(IGrainFactory grains, IOptions<JwtOptions> options, TimeProvider time, ILogger<TokenRevocationCache> logger)
{
    /// <summary>How long a request waits for a tenant's first list before its token is refused.</summary>
    public static readonly TimeSpan FirstReadTimeout = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>The tenant's cut-offs: at most the cache time old, or the last known while the grain can't be reached.</summary>
    public async Task<TokenRevocations> GetAsync(string tenant)
    {
        var ttl = options.Value.RevocationCacheTtl;
        if (ttl <= TimeSpan.Zero)
        {
            return await grains.GetGrain<ITokenRevocationGrain>(tenant).GetAsync();
        }

        var entry = _entries.GetOrAdd(tenant, _ => new Entry());
        var known = entry.Value;
        if (known is not null)
        {
            if (time.GetUtcNow() - known.FetchedAt >= ttl)
            {
                // In the background; a failure is logged in FetchAsync and observed here.
                _ = RefreshAsync(tenant, entry).ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            }

            return known.List;
        }

        try
        {
            return await RefreshAsync(tenant, entry).WaitAsync(FirstReadTimeout, time);
        }
        catch (Exception ex) when (ex is not HitlException)
        {
            throw HitlException.Unavailable("The token could not be checked against the tenant's revocations; retry.");
        }
    }

    /// <summary>
    /// Revokes the subject's tokens issued until now and reads the list again, so this process refuses them at once.
    /// </summary>
    public async Task<int> RevokeAsync(string tenant, string subject)
    {
        var grain = grains.GetGrain<ITokenRevocationGrain>(tenant);
        var affected = await grain.RevokeAsync(subject);
        var list = await grain.GetAsync();
        _entries.GetOrAdd(tenant, _ => new Entry()).Value = new Known(list, time.GetUtcNow());
        return affected;
    }

    /// <summary>One refresh per tenant at a time; every caller of a running one shares it.</summary>
    private Task<TokenRevocations> RefreshAsync(string tenant, Entry entry)
    {
        lock (entry)
        {
            // A finished refresh (even one that completed synchronously) never blocks the next one.
            if (entry.Refreshing is { IsCompleted: false } running)
            {
                return running;
            }

            return entry.Refreshing = FetchAsync(tenant, entry);
        }
    }

    private async Task<TokenRevocations> FetchAsync(string tenant, Entry entry)
    {
        try
        {
            var startedAt = time.GetUtcNow();
            var list = await grains.GetGrain<ITokenRevocationGrain>(tenant).GetAsync();
            var current = entry.Value;
            if (current is null || current.FetchedAt <= startedAt)
            {
                entry.Value = new Known(list, startedAt);
            }

            return list;
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Reading the token revocations of a tenant failed; the last list known stays in force.");
            throw;
        }
    }

    /// <summary>Tests: the refresh of <paramref name="tenant"/> under way, if any (its list is in force once it completes).</summary>
    internal Task? PendingRefresh(string tenant) => _entries.TryGetValue(tenant, out var entry) ? Volatile.Read(ref entry.Refreshing) : null;

    private sealed record Known(TokenRevocations List, DateTimeOffset FetchedAt);

    private sealed class Entry
    {
        public volatile Known? Value;

        public Task<TokenRevocations>? Refreshing;
    }
}
