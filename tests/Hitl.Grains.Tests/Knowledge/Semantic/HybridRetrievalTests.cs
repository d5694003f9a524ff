using Hitl.Grains.Knowledge;
using Hitl.Grains.Knowledge.Semantic;
using Microsoft.Extensions.Options;

namespace Hitl.Grains.Tests.Knowledge.Semantic;

public sealed class HybridRetrievalTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly Article[] Shop =
    [
        new("returns", "Returning an order", "You have 30 days to send items back. Print the prepaid label from your account and drop the parcel at any post office. We refund the price within five days of receiving it.", ["How do I return something?"], At),
        new("instalments", "Paying in instalments", "At checkout choose Klarna to spread the cost over 3, 6 or 12 months. There is no interest on 3 and 6 months.", ["Can I pay in instalments?"], At),
        new("delivery", "Delivery times", "Orders leave our warehouse the next working day. Standard delivery takes 2-4 days; express arrives the next day.", ["How long does delivery take?"], At),
        new("sizing", "Choosing a frame size", "Measure your inside leg and use the size chart on each bike's page. Between two sizes, pick the smaller one for a sportier ride.", ["What size bike do I need?"], At),
    ];

    [Theory]
    [InlineData("can I ship it back?", "returns")]
    [InlineData("could I pay it off monthly?", "instalments")]
    [InlineData("my legs are short, which frame fits me", "sizing")]
    public async Task AParaphraseThatSharesNoWords_FindsItsArticle_WithConfidence(string question, string expected)
    {
        var (bot, index) = await BotAsync(Shop);
        var answer = bot.Answer(index, question, await SharedEmbedder.Instance.EncodeAsync(question));
        Assert.Equal(expected, answer.Sources[0]);
        Assert.True(answer.Confidence >= 0.35, $"{question}: {answer.Confidence:0.000}");
    }

    [Theory]
    [InlineData("what's the weather like in Paris tomorrow")]
    [InlineData("recommend me a good pizza recipe")]
    public async Task AnUnrelatedQuestion_ScoresBelowTheOutOfScopeLine(string question)
    {
        var (bot, index) = await BotAsync(Shop);
        var answer = bot.Answer(index, question, await SharedEmbedder.Instance.EncodeAsync(question));
        Assert.True(answer.Confidence < 0.15, $"{question}: {answer.Confidence:0.000} from {string.Join(',', answer.Sources)}");
    }

    [Fact]
    public async Task TheAnswer_IsThePassageThatAnswers_NotTheWholeArticle()
    {
        var (bot, index) = await BotAsync(Shop);
        const string Question = "do I get my money back, and how quickly?";
        var answer = bot.Answer(index, Question, await SharedEmbedder.Instance.EncodeAsync(Question));
        Assert.Equal("returns", answer.Sources[0]);
        Assert.Contains("refund the price within five days", answer.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Returning an order", answer.Text, StringComparison.Ordinal);
        Assert.True(answer.Text.Length < Shop[0].Body.Length, answer.Text);
    }

    [Fact]
    public async Task AChangedArticle_ChangesItsVectors_AndOnlyItsTextsAreEncodedAgain()
    {
        var first = await SemanticIndex.BuildAsync(new KnowledgeSnapshot(1, Shop), SharedEmbedder.Instance, null);
        var changed = Shop[1] with { Body = "We do not offer instalments any more; pay by card or bank transfer." };
        var second = await SemanticIndex.BuildAsync(new KnowledgeSnapshot(2, [Shop[0], changed, Shop[2], Shop[3]]), SharedEmbedder.Instance, first);

        var before = first.Units.Where(u => u.ArticleId == "instalments" && u.Kind == UnitKind.Passage).Select(u => u.Text).ToList();
        var after = second.Units.Where(u => u.ArticleId == "instalments" && u.Kind == UnitKind.Passage).Select(u => u.Text).ToList();
        Assert.NotEqual(before, after);

        // Unchanged texts keep the very same vector object (reused, not encoded again).
        var returnsBefore = first.Units.Where(u => u.ArticleId == "returns").ToList();
        var returnsAfter = second.Units.Where(u => u.ArticleId == "returns").ToList();
        Assert.Equal(returnsBefore.Count, returnsAfter.Count);
        Assert.All(returnsBefore.Zip(returnsAfter), p => Assert.Same(p.First.Vector, p.Second.Vector));

        const string Question = "could I pay it off monthly?";
        var vector = await SharedEmbedder.Instance.EncodeAsync(Question);
        var oldPassages = first.Passages("instalments", vector).Select(p => p.Similarity).ToList();
        var newPassages = second.Passages("instalments", vector).Select(p => p.Similarity).ToList();
        Assert.NotEqual(oldPassages, newPassages);
    }

    [Fact]
    public async Task TheCache_BuildsVectorsWithTheIndex_PerKnowledgeBaseVersion()
    {
        var source = new FakeKnowledgeSource();
        source.Publish(Shop);
        var cache = new KnowledgeIndexCache(source, TimeProvider.System, new KnowledgeBotOptions { VersionCheckInterval = TimeSpan.Zero }, SharedEmbedder.Instance);
        var index = await cache.GetIndexAsync("t");
        Assert.NotNull(index.Semantic);
        Assert.Equal(index.Version, index.Semantic.Version);

        source.Publish([.. Shop, new Article("gift", "Gift cards", "Gift cards never expire.", [], At)]);
        var next = await cache.GetIndexAsync("t");
        Assert.NotEqual(index.Version, next.Version);
        Assert.Equal(next.Version, next.Semantic!.Version);
        Assert.Contains(next.Semantic.Units, u => u.ArticleId == "gift");
    }

    private static async Task<(KnowledgeBot Bot, KnowledgeIndex Index)> BotAsync(Article[] articles)
    {
        var snapshot = new KnowledgeSnapshot(1, articles);
        var index = KnowledgeIndex.Build(snapshot, thesaurus: false);
        index.Semantic = await SemanticIndex.BuildAsync(snapshot, SharedEmbedder.Instance, null);
        return (new KnowledgeBot(new KnowledgeIndexCache(new FakeKnowledgeSource(), TimeProvider.System, new KnowledgeBotOptions()), Options.Create(new KnowledgeBotOptions()), SharedEmbedder.Instance), index);
    }
}
