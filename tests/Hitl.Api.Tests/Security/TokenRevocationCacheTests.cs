using System.Reflection;
using Hitl.Api.Auth;
using Hitl.Grains.Access;
using Hitl.Grains.Common;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Hitl.Api.Tests.Security;

/// <summary>
/// Authentication never stalls on the revocation grain: a stale list serves while one refresh runs, the last list known
/// stays in force while the grain is unreachable (its silo just died), and only a tenant's first read waits.
/// </summary>
public sealed class TokenRevocationCacheTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(5);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-12-03T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly FakeRevocationGrain _grain = new();

    [Fact]
    public async Task Within_the_cache_time_the_grain_is_asked_once()
    {
        var cache = Cache();
        _grain.Answer(List("ann"));

        Assert.True((await cache.GetAsync("t")).Cutoffs.ContainsKey("ann"));
        _time.Advance(Ttl - TimeSpan.FromMilliseconds(1));
        Assert.True((await cache.GetAsync("t")).Cutoffs.ContainsKey("ann"));

        Assert.Equal(1, _grain.Reads);
    }

    [Fact]
    public async Task A_stale_list_answers_at_once_while_one_refresh_runs()
    {
        var cache = Cache();
        _grain.Answer(List("ann"));
        await cache.GetAsync("t");
        _time.Advance(Ttl);

        var hanging = _grain.Hold();
        var during = new[] { cache.GetAsync("t"), cache.GetAsync("t"), cache.GetAsync("t") };

        Assert.All(during, t => Assert.True(t.IsCompletedSuccessfully));
        Assert.All(during, t => Assert.True(t.Result.Cutoffs.ContainsKey("ann")));
        Assert.Equal(2, _grain.Reads);

        var refresh = cache.PendingRefresh("t");
        Assert.NotNull(refresh);
        hanging.SetResult(List("ann", "bob"));

        // The refresh lands on the thread pool (the grain's answer continues asynchronously): wait for it, not for time.
        await refresh;
        Assert.True((await cache.GetAsync("t")).Cutoffs.ContainsKey("bob"));
    }

    [Fact]
    public async Task While_the_grain_fails_the_last_list_known_stays_in_force()
    {
        var cache = Cache();
        _grain.Answer(List("ann"));
        await cache.GetAsync("t");

        _grain.Fail(new TimeoutException("silo gone"));
        for (var i = 0; i < 3; i++)
        {
            _time.Advance(Ttl);
            Assert.True((await cache.GetAsync("t")).Cutoffs.ContainsKey("ann"));
        }

        // Each request after a failed refresh may try again; once the grain answers, its list applies.
        _grain.Answer(List("ann", "bob"));
        await cache.GetAsync("t");
        Assert.True((await cache.GetAsync("t")).Cutoffs.ContainsKey("bob"));
    }

    [Fact]
    public async Task A_first_read_that_fails_or_hangs_is_unavailable_and_the_next_request_asks_again()
    {
        var cache = Cache();
        _grain.Fail(new TimeoutException("silo gone"));
        var failed = await Assert.ThrowsAsync<HitlException>(() => cache.GetAsync("t"));
        Assert.Equal(HitlErrorCodes.Unavailable, failed.Code);

        var hanging = _grain.Hold();
        var waiting = cache.GetAsync("t");
        Assert.False(waiting.IsCompleted);
        _time.Advance(TokenRevocationCache.FirstReadTimeout);
        var timedOut = await Assert.ThrowsAsync<HitlException>(() => waiting);
        Assert.Equal(HitlErrorCodes.Unavailable, timedOut.Code);

        hanging.SetResult(List("ann"));
        Assert.True((await cache.GetAsync("t")).Cutoffs.ContainsKey("ann"));
    }

    [Fact]
    public async Task A_revocation_through_this_process_applies_at_once()
    {
        var cache = Cache();
        _grain.Answer(TokenRevocations.None);
        Assert.Empty((await cache.GetAsync("t")).Cutoffs);

        _grain.Answer(List("ann"));
        Assert.Equal(1, await cache.RevokeAsync("t", "ann"));

        Assert.True((await cache.GetAsync("t")).Cutoffs.ContainsKey("ann"));
    }

    private TokenRevocationCache Cache() =>
        new(GrainFactoryOf(_grain), Options.Create(new JwtOptions { RevocationCacheTtl = Ttl }), _time, NullLogger<TokenRevocationCache>.Instance);

    private static TokenRevocations List(params string[] subjects) =>
        new(subjects.ToDictionary(s => s, _ => DateTimeOffset.UnixEpoch, StringComparer.Ordinal));

    private static IGrainFactory GrainFactoryOf(ITokenRevocationGrain grain)
    {
        var factory = DispatchProxy.Create<IGrainFactory, GrainFactoryProxy>();
        ((GrainFactoryProxy)(object)factory).Grain = grain;
        return factory;
    }

    /// <summary>An IGrainFactory that hands out the one fake grain.</summary>
    public class GrainFactoryProxy : DispatchProxy
    {
        public ITokenRevocationGrain? Grain { get; set; }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            targetMethod?.Name == nameof(IGrainFactory.GetGrain) && targetMethod.ReturnType == typeof(ITokenRevocationGrain)
                ? Grain
                : throw new NotSupportedException(targetMethod?.Name);
    }

    /// <summary>The tenant's revocation grain, answering, failing or holding its reads as the test says.</summary>
    private sealed class FakeRevocationGrain : ITokenRevocationGrain
    {
        private Func<Task<TokenRevocations>> _read = () => Task.FromResult(TokenRevocations.None);

        public int Reads { get; private set; }

        public void Answer(TokenRevocations list) => _read = () => Task.FromResult(list);

        public void Fail(Exception error) => _read = () => Task.FromException<TokenRevocations>(error);

        public TaskCompletionSource<TokenRevocations> Hold()
        {
            var held = new TaskCompletionSource<TokenRevocations>(TaskCreationOptions.RunContinuationsAsynchronously);
            _read = () => held.Task;
            return held;
        }

        public Task<TokenRevocations> GetAsync()
        {
            Reads++;
            return _read();
        }

        public Task<int> RevokeAsync(string subject) => Task.FromResult(1);
    }
}
