using Hitl.Grains.Knowledge;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Hitl.Grains.Tests.Knowledge;

public sealed class KnowledgeIndexCacheTests
{
    private const string Tenant = "acme";

    private static readonly Article Password = new(
        "reset-password", "Resetting your password", "Choose 'Forgot password' on the sign-in page.",
        ["How do I reset my password?"], DateTimeOffset.UnixEpoch);

    private static readonly Article Refunds = new(
        "refunds", "Refunds", "Monthly plans can be refunded within 14 days.",
        ["Can I get a refund?"], DateTimeOffset.UnixEpoch);

    private readonly FakeKnowledgeSource _source = new();
    private readonly FakeTimeProvider _time = new();
    private readonly KnowledgeIndexCache _cache;

    public KnowledgeIndexCacheTests()
    {
        _cache = new KnowledgeIndexCache(_source, _time, new KnowledgeBotOptions { VersionCheckInterval = TimeSpan.FromSeconds(1) });
    }

    [Fact]
    public async Task GetIndex_WithinCheckInterval_ReturnsCachedIndexWithoutCalls()
    {
        _source.Publish(Password);
        var first = await _cache.GetIndexAsync(Tenant);

        _time.Advance(TimeSpan.FromMilliseconds(900));
        var second = await _cache.GetIndexAsync(Tenant);

        Assert.Same(first, second);
        Assert.Equal(1, _source.VersionCalls);
        Assert.Equal(1, _source.SnapshotCalls);
    }

    [Fact]
    public async Task GetIndex_AfterIntervalWithSameVersion_ChecksVersionButDoesNotRebuild()
    {
        _source.Publish(Password);
        var first = await _cache.GetIndexAsync(Tenant);

        _time.Advance(TimeSpan.FromSeconds(1));
        var second = await _cache.GetIndexAsync(Tenant);

        Assert.Same(first, second);
        Assert.Equal(2, _source.VersionCalls);
        Assert.Equal(1, _source.SnapshotCalls);
    }

    [Fact]
    public async Task GetIndex_AfterVersionChange_RebuildsOnce()
    {
        _source.Publish(Password);
        var first = await _cache.GetIndexAsync(Tenant);
        _source.Publish(Password, Refunds);

        _time.Advance(TimeSpan.FromSeconds(1));
        var second = await _cache.GetIndexAsync(Tenant);
        var third = await _cache.GetIndexAsync(Tenant);

        Assert.Equal(1, first.Version);
        Assert.Equal(2, second.Version);
        Assert.Same(second, third);
        Assert.Equal(2, second.ArticleCount);
        Assert.Equal(2, _source.SnapshotCalls);
    }

    [Fact]
    public async Task GetIndex_ConcurrentRequests_ShareOneBuild()
    {
        _source.Publish(Password);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _source.Gate = gate;

        var requests = Enumerable.Range(0, 16).Select(_ => _cache.GetIndexAsync(Tenant)).ToList();
        gate.SetResult();
        var indexes = await Task.WhenAll(requests);

        Assert.All(indexes, index => Assert.Same(indexes[0], index));
        Assert.Equal(1, _source.VersionCalls);
        Assert.Equal(1, _source.SnapshotCalls);
    }

    [Fact]
    public async Task Invalidate_WithinCheckInterval_ForcesVersionCheck()
    {
        _source.Publish(Password);
        await _cache.GetIndexAsync(Tenant);
        _source.Publish(Password, Refunds);

        var beforeInvalidate = await _cache.GetIndexAsync(Tenant);
        _cache.Invalidate(Tenant);
        var afterInvalidate = await _cache.GetIndexAsync(Tenant);

        Assert.Equal(1, beforeInvalidate.Version);
        Assert.Equal(2, afterInvalidate.Version);
        Assert.Equal(2, _source.VersionCalls);
    }

    [Fact]
    public async Task GetIndex_TenantsAreCachedSeparately()
    {
        _source.Publish(Password);

        var acme = await _cache.GetIndexAsync(Tenant);
        var other = await _cache.GetIndexAsync("other");

        Assert.NotSame(acme, other);
        Assert.Equal(2, _source.SnapshotCalls);
    }

    [Fact]
    public async Task GetIndex_SourceFails_PropagatesAndRetriesNextTime()
    {
        var failing = new FailingOnceSource(_source);
        var cache = new KnowledgeIndexCache(failing, _time, new KnowledgeBotOptions());
        _source.Publish(Password);

        await Assert.ThrowsAsync<InvalidOperationException>(() => cache.GetIndexAsync(Tenant));
        var index = await cache.GetIndexAsync(Tenant);

        Assert.Equal(1, index.Version);
    }

    [Fact]
    public async Task KnowledgeBot_AnswerAsync_SearchesTheTenantsCachedIndex()
    {
        _source.Publish(Password, Refunds);
        var bot = new KnowledgeBot(_cache, Options.Create(new KnowledgeBotOptions()));

        var answer = await bot.AnswerAsync(new BotRequest(Tenant, "I forgot my password", []), CancellationToken.None);

        Assert.Equal("reset-password", answer.Sources[0]);
        Assert.True(answer.Confidence >= 0.5);
    }

    private sealed class FailingOnceSource(FakeKnowledgeSource inner) : IKnowledgeSource
    {
        private int _calls;

        public Task<long> GetVersionAsync(string tenant) =>
            Interlocked.Increment(ref _calls) == 1
                ? Task.FromException<long>(new InvalidOperationException("silo unavailable"))
                : inner.GetVersionAsync(tenant);

        public Task<KnowledgeSnapshot> GetSnapshotAsync(string tenant) => inner.GetSnapshotAsync(tenant);
    }
}
