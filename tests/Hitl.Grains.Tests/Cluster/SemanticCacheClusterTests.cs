using System.Collections.Concurrent;
using System.Diagnostics;
using Hitl.Grains.Common;
using Hitl.Grains.Knowledge;
using Hitl.Grains.Knowledge.Semantic;
using Hitl.Grains.Tests.Grains;
using Hitl.Grains.Tests.Knowledge.Semantic;
using Hitl.Silo.Hosting;
using Hitl.Silo.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.TestingHost;

namespace Hitl.Grains.Tests.Cluster;

/// <summary>
/// Issue 19 in a cluster: two in-process silos in hybrid retrieval (configured as production does,
/// <c>Hitl:Bot:Retrieval=hybrid</c>), each with its own <see cref="KnowledgeIndexCache"/> and the production bot.
/// A question is asked on a chosen silo through that silo's own grain factory: <see cref="IAnswerPreviewGrain"/> is a
/// stateless worker, so it runs there and answers with that silo's bot and cache (each test checks this through the
/// silo's <see cref="ProbedKnowledgeSource"/>).
/// </summary>
[Collection(SemanticTwoSiloCollection.Name)]
public sealed class SemanticCacheClusterTests(SemanticTwoSiloFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    private static readonly ArticleInput[] Shop =
    [
        new("returns", "Returning an order", "You have 30 days to send items back. Print the prepaid label from your account and drop the parcel at any post office. We refund the price within five days of receiving it.", ["How do I return something?"]),
        new("instalments", "Paying in instalments", "At checkout choose Klarna to spread the cost over 3, 6 or 12 months. There is no interest on 3 and 6 months.", ["Can I pay in instalments?"]),
        new("delivery", "Delivery times", "Orders leave our warehouse the next working day. Standard delivery takes 2-4 days; express arrives the next day.", ["How long does delivery take?"]),
        new("sizing", "Choosing a frame size", "Measure your inside leg and use the size chart on each bike's page. Between two sizes, pick the smaller one for a sportier ride.", ["What size bike do I need?"]),
    ];

    // The instalments article rewritten: the old text (Klarna) is gone, the new one is about gift cards.
    private static readonly ArticleInput Rewritten = new(
        "instalments", "Gift cards", "Gift cards never expire and can be spent on anything in the shop. Enter the code at checkout; what is left stays on the card.", ["Do gift cards expire?"]);

    private const string ReturnsParaphrase = "can I ship it back?";
    private const string OldParaphrase = "could I pay it off monthly?";
    private const string NewParaphrase = "is there a time limit on using a present voucher?";

    [Fact]
    public async Task Both_silos_answer_a_paraphrase_from_the_article_each_with_its_own_vectors()
    {
        // The shop with a gift-card article (the rewritten text under its own id): its paraphrase shares no word
        // with it, and BM25 alone does not find it (checked below), so only the sentence vectors can.
        var tenant = await ShopAsync();
        var gift = Rewritten with { Id = "gift" };
        await fixture.Grains.GetGrain<IKnowledgeBaseGrain>(tenant).UpsertArticleAsync(gift);
        var (first, second) = (fixture.Cluster.Silos[0], fixture.Cluster.Silos[1]);

        var onFirst = await PreviewOnAsync(first, tenant, NewParaphrase);

        // The first question reached only the first silo's cache (the preview ran there), which built the index once.
        Assert.Equal(1, Probe(first).SnapshotCalls(tenant));
        Assert.Equal(0, Probe(second).SnapshotCalls(tenant));

        var onSecond = await PreviewOnAsync(second, tenant, NewParaphrase);
        Assert.Equal(1, Probe(second).SnapshotCalls(tenant));
        Assert.Equal(1, Probe(first).SnapshotCalls(tenant));

        foreach (var (silo, preview) in new[] { (first, onFirst), (second, onSecond) })
        {
            var answer = Assert.IsType<BotAnswer>(preview.Answer);
            Assert.Equal("gift", answer.Sources[0]);
            Assert.True(answer.Confidence >= 0.35, $"{NewParaphrase}: {answer.Confidence:0.000}");
            AssertFrom(gift, answer);

            var lexical = ((KnowledgeBot)silo.ServiceProvider.GetRequiredService<IBot>()).Answer(await Cache(silo).GetIndexAsync(tenant), NewParaphrase);
            Assert.True(lexical.Sources.Count == 0 || lexical.Sources[0] != "gift", $"BM25 alone found it: {lexical.Confidence:0.000}");

            // A paraphrase BM25 also finds (through the thesaurus) is answered with the article's sentences, not its title and body.
            var returns = Assert.IsType<BotAnswer>((await PreviewOnAsync(silo, tenant, ReturnsParaphrase)).Answer);
            Assert.Equal("returns", returns.Sources[0]);
            AssertFrom(Shop[0], returns);
        }

        // Each silo holds its own index of the same version, with sentence vectors it encoded itself.
        var firstIndex = await Cache(first).GetIndexAsync(tenant);
        var secondIndex = await Cache(second).GetIndexAsync(tenant);
        Assert.NotSame(firstIndex, secondIndex);
        Assert.Equal(Shop.Length + 1, firstIndex.Version);
        Assert.Equal(firstIndex.Version, secondIndex.Version);
        Assert.Equal(firstIndex.Version, firstIndex.Semantic?.Version);
        Assert.Equal(secondIndex.Version, secondIndex.Semantic?.Version);
        Assert.Equal(firstIndex.Semantic!.Units.Select(u => u.Embedded), secondIndex.Semantic!.Units.Select(u => u.Embedded));
        Assert.All(firstIndex.Semantic.Units.Zip(secondIndex.Semantic.Units), p => Assert.NotSame(p.First.Vector, p.Second.Vector));
    }

    [Fact]
    public async Task After_an_article_changes_both_silos_answer_the_new_version_and_reuse_the_vectors_of_unchanged_articles()
    {
        var tenant = await ShopAsync();
        var silos = fixture.Cluster.Silos.ToList();
        var before = new List<KnowledgeIndex>();
        foreach (var silo in silos)
        {
            var answer = (await PreviewOnAsync(silo, tenant, OldParaphrase)).Answer!;
            Assert.Equal("instalments", answer.Sources[0]);
            Assert.Contains("Klarna", answer.Text, StringComparison.Ordinal);
            before.Add(await Cache(silo).GetIndexAsync(tenant));
        }

        var changed = await fixture.Grains.GetGrain<IKnowledgeBaseGrain>(tenant).UpsertArticleAsync(Rewritten);
        var version = await fixture.Grains.GetGrain<IKnowledgeBaseGrain>(tenant).GetVersionAsync();
        Assert.Equal(Shop.Length + 1, version);

        for (var i = 0; i < silos.Count; i++)
        {
            // The silo that did not make the change sees it within its version-check interval: poll, bounded.
            var fresh = await UntilAsync(silos[i], tenant, NewParaphrase, a => a.Sources.Count > 0 && a.Sources[0] == "instalments" && a.Text.Contains("never expire", StringComparison.Ordinal));
            AssertFrom(Rewritten, fresh);

            // The old text is not answered any more, whatever is asked.
            foreach (var question in new[] { OldParaphrase, NewParaphrase, "Can I pay in instalments?" })
            {
                var answer = (await PreviewOnAsync(silos[i], tenant, question)).Answer!;
                Assert.DoesNotContain("Klarna", answer.Text, StringComparison.Ordinal);
            }

            var after = await Cache(silos[i]).GetIndexAsync(tenant);
            Assert.Equal(version, after.Version);
            Assert.Equal(version, after.Semantic!.Version);

            // One build per version on each silo: the first one and the one after the change.
            Assert.Equal(2, Probe(silos[i]).SnapshotCalls(tenant));

            // Unchanged articles keep the very vector objects of the previous version (reused, not encoded again)...
            var old = before[i].Semantic!.Units;
            var unchanged = after.Semantic.Units.Where(u => u.ArticleId != changed.Id).ToList();
            Assert.Equal(old.Count(u => u.ArticleId != changed.Id), unchanged.Count);
            Assert.All(unchanged, u => Assert.Same(Assert.Single(old, o => Same(o, u)).Vector, u.Vector));

            // ...and the changed one has new texts with new vectors, none of them from the old version.
            var rewritten = after.Semantic.Units.Where(u => u.ArticleId == changed.Id).ToList();
            Assert.Contains(rewritten, u => u.Text == Rewritten.Title);
            Assert.DoesNotContain(rewritten, u => u.Text.Contains("Klarna", StringComparison.Ordinal));
            Assert.All(rewritten, u => Assert.DoesNotContain(old, o => ReferenceEquals(o.Vector, u.Vector)));
        }
    }

    [Fact]
    public async Task A_silo_answers_the_new_version_while_the_other_silos_refresh_is_still_under_way()
    {
        var tenant = await ShopAsync();
        var kb = fixture.Grains.GetGrain<IKnowledgeBaseGrain>(tenant);
        foreach (var silo in fixture.Cluster.Silos)
        {
            Assert.Contains("Klarna", (await PreviewOnAsync(silo, tenant, OldParaphrase)).Answer!.Text, StringComparison.Ordinal);
        }

        // A hosts the knowledge base (its cache is invalidated by the change); B is the other silo.
        var host = await fixture.Grains.GetGrain<IManagementGrain>(0).GetActivationAddress(kb);
        var a = Assert.Single(fixture.Cluster.Silos, s => s.SiloAddress.Equals(host));
        var b = Assert.Single(fixture.Cluster.Silos, s => !s.SiloAddress.Equals(host));

        // A's next rebuild of this tenant stops at reading the snapshot until the test lets it go.
        var held = Probe(a).Hold(tenant);
        try
        {
            await kb.UpsertArticleAsync(Rewritten);
            var onA = PreviewOnAsync(a, tenant, NewParaphrase);
            await held.Asked.Task.WaitAsync(Deadline);

            var onB = await UntilAsync(b, tenant, NewParaphrase, x => x.Sources.Count > 0 && x.Sources[0] == "instalments" && x.Text.Contains("never expire", StringComparison.Ordinal));
            AssertFrom(Rewritten, onB);
            Assert.False(onA.IsCompleted, "A's question should still wait for A's own rebuild.");
            Assert.Equal(Shop.Length, Probe(a).BuiltVersion(tenant));

            held.Released.TrySetResult();
            var answerOnA = Assert.IsType<BotAnswer>((await onA.WaitAsync(Deadline)).Answer);
            Assert.Equal("instalments", answerOnA.Sources[0]);
            AssertFrom(Rewritten, answerOnA);
        }
        finally
        {
            held.Released.TrySetResult();
            Probe(a).Release(tenant);
        }
    }

    private static bool Same(SemanticUnit a, SemanticUnit b) =>
        a.ArticleId == b.ArticleId && a.Kind == b.Kind && a.Position == b.Position && a.Embedded == b.Embedded;

    /// <summary>Every sentence of the answer comes from the article's body.</summary>
    private static void AssertFrom(ArticleInput article, BotAnswer answer)
    {
        var passages = SemanticIndex.Passages(answer.Text);
        Assert.NotEmpty(passages);
        Assert.All(passages, p => Assert.Contains(p, article.Body, StringComparison.Ordinal));
    }

    private async Task<string> ShopAsync()
    {
        var tenant = await TestTenants.CreateAsync(fixture.Grains, withArticles: false, prefix: "sem");
        var kb = fixture.Grains.GetGrain<IKnowledgeBaseGrain>(tenant);
        foreach (var article in Shop)
        {
            await kb.UpsertArticleAsync(article);
        }

        return tenant;
    }

    /// <summary>Asks on <paramref name="silo"/> until the answer satisfies <paramref name="done"/>, at most <see cref="Deadline"/>.</summary>
    private static async Task<BotAnswer> UntilAsync(InProcessSiloHandle silo, string tenant, string question, Func<BotAnswer, bool> done)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var answer = (await PreviewOnAsync(silo, tenant, question)).Answer;
            if (answer is not null && done(answer))
            {
                return answer;
            }

            if (clock.Elapsed > Deadline)
            {
                Assert.Fail($"{silo.SiloAddress} still answers '{question}' with: {answer?.Text}");
            }

            await Task.Delay(50);
        }
    }

    private static Task<AnswerPreview> PreviewOnAsync(InProcessSiloHandle silo, string tenant, string question) =>
        silo.ServiceProvider.GetRequiredService<IGrainFactory>().GetGrain<IAnswerPreviewGrain>(tenant).PreviewAsync(question);

    private static KnowledgeIndexCache Cache(InProcessSiloHandle silo) => silo.ServiceProvider.GetRequiredService<KnowledgeIndexCache>();

    private static ProbedKnowledgeSource Probe(InProcessSiloHandle silo) => silo.ServiceProvider.GetRequiredService<ProbedKnowledgeSource>();
}

/// <summary>
/// Two in-process silos sharing one SQLite database, in hybrid retrieval, with the production bot
/// (<see cref="KnowledgeBot"/>) and one <see cref="TextEmbedder"/> for the test run (<see cref="SharedEmbedder"/>).
/// Each silo's <see cref="KnowledgeIndexCache"/> reads the knowledge-base grains through a
/// <see cref="ProbedKnowledgeSource"/>, so a test can see (and hold) what that silo's cache fetches.
/// </summary>
public sealed class SemanticTwoSiloFixture : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "hitl-semantic-silos-" + Guid.NewGuid().ToString("N"));

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        var database = Path.Combine(_directory, "hitl.db");
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSiloHost((_, host) => host.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{SemanticOptions.Section}:{nameof(SemanticOptions.Retrieval)}"] = "hybrid",
        }));
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddSqliteGrainStorage(HitlStorage.Name, o => o.DatabasePath = database);
            silo.UseSqliteReminderService(o => o.DatabasePath = database);

            // The model loads once per test run, not once per silo (the container does not dispose an instance it was given).
            silo.Services.AddSingleton(SharedEmbedder.Instance);
            silo.Services.AddSingleton(sp => new ProbedKnowledgeSource(new GrainKnowledgeSource(sp.GetRequiredService<IGrainFactory>())));

            // What KnowledgeIndexCache's public constructor builds, with the grain source wrapped.
            silo.Services.AddSingleton(sp => new KnowledgeIndexCache(
                sp.GetRequiredService<ProbedKnowledgeSource>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<IOptions<KnowledgeBotOptions>>().Value,
                sp.GetRequiredService<IOptions<SemanticOptions>>().Value.Hybrid ? sp.GetRequiredService<TextEmbedder>() : null));
            silo.AddHitlGrainServices();
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        foreach (var silo in Cluster.Silos)
        {
            if (!silo.ServiceProvider.GetRequiredService<IOptions<SemanticOptions>>().Value.Hybrid)
            {
                throw new InvalidOperationException("The silos should run hybrid retrieval.");
            }
        }
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SemanticTwoSiloCollection : ICollectionFixture<SemanticTwoSiloFixture>
{
    public const string Name = "semantic-two-silos";
}

/// <summary>
/// One silo's view of the knowledge-base grains: passes every call through, counts snapshots per tenant, and can hold a
/// tenant's next snapshots (<see cref="Hold"/>: <see cref="HeldBot.Asked"/> completes when one is requested,
/// <see cref="HeldBot.Released"/> lets them go).
/// </summary>
internal sealed class ProbedKnowledgeSource(IKnowledgeSource inner) : IKnowledgeSource
{
    private readonly ConcurrentDictionary<string, int> _snapshots = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _built = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, HeldBot> _held = new(StringComparer.Ordinal);

    public int SnapshotCalls(string tenant) => _snapshots.GetValueOrDefault(tenant);

    /// <summary>The version of the last snapshot this silo read for the tenant.</summary>
    public long BuiltVersion(string tenant) => _built.GetValueOrDefault(tenant);

    public HeldBot Hold(string tenant) => _held.GetOrAdd(tenant, _ => new HeldBot());

    public void Release(string tenant) => _held.TryRemove(tenant, out _);

    public Task<long> GetVersionAsync(string tenant) => inner.GetVersionAsync(tenant);

    public async Task<KnowledgeSnapshot> GetSnapshotAsync(string tenant)
    {
        _snapshots.AddOrUpdate(tenant, 1, (_, n) => n + 1);
        if (_held.TryGetValue(tenant, out var held))
        {
            held.Asked.TrySetResult();
            await held.Released.Task.ConfigureAwait(false);
        }

        var snapshot = await inner.GetSnapshotAsync(tenant).ConfigureAwait(false);
        _built[tenant] = snapshot.Version;
        return snapshot;
    }
}
