using Hitl.Grains.Access;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Hitl.Api.Auth;

/// <summary>
/// Each tenant's revocation list (<see cref="ITokenRevocationGrain"/>), cached in this process for
/// <see cref="JwtOptions.RevocationCacheTtl"/> so validating a token is not a grain call per request. A revocation made
/// through this process applies here at once; other API processes see it within the cache time.
/// </summary>
public sealed class TokenRevocationCache(IGrainFactory grains, IOptions<JwtOptions> options) : IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 100_000 });

    /// <summary>The tenant's cut-offs, at most the cache time old.</summary>
    public Task<TokenRevocations> GetAsync(string tenant)
    {
        var ttl = options.Value.RevocationCacheTtl;
        if (ttl <= TimeSpan.Zero)
        {
            return grains.GetGrain<ITokenRevocationGrain>(tenant).GetAsync();
        }

        var task = _cache.GetOrCreate(tenant, entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = ttl;
            entry.Size = 1;
            return FetchAsync(tenant);
        })!;
        if (task.IsFaulted || task.IsCanceled)
        {
            // Never keep a failure: the next request asks again.
            _cache.Remove(tenant);
        }

        return task;
    }

    /// <summary>
    /// Revokes the subject's tokens issued until now and forgets this process's copy of the list. A request of the same
    /// tenant whose read of the list was under way during the revocation may put the older list back; then this process,
    /// like the others, sees the revocation within the cache time.
    /// </summary>
    public async Task<int> RevokeAsync(string tenant, string subject)
    {
        var affected = await grains.GetGrain<ITokenRevocationGrain>(tenant).RevokeAsync(subject);
        _cache.Remove(tenant);
        return affected;
    }

    public void Dispose() => _cache.Dispose();

    private async Task<TokenRevocations> FetchAsync(string tenant)
    {
        try
        {
            return await grains.GetGrain<ITokenRevocationGrain>(tenant).GetAsync();
        }
        catch
        {
            _cache.Remove(tenant);
            throw;
        }
    }
}
