using System.Globalization;
using Hitl.Grains.Knowledge;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace Hitl.Grains.Tests.Knowledge;

public sealed class ConfidenceCalibrationTests(ITestOutputHelper output)
{
    private static readonly EvalSet Eval = EvalSet.Load();

    private static readonly string[] FillerTopics =
    [
        "sourdough bread baking", "tomato seedlings garden", "marathon training plan", "aquarium fish tank",
        "guitar chord practice", "oil painting canvas", "bicycle tire puncture", "espresso machine descaling",
        "wedding dress alterations", "dog obedience training", "chess opening theory", "roof gutter cleaning",
        "knitting wool scarf", "pizza oven temperature", "orchid watering schedule",
    ];

    private static readonly string[] FillerAspects = ["basics", "common mistakes", "equipment"];

    private readonly KnowledgeBot _bot = new(
        new KnowledgeIndexCache(new FakeKnowledgeSource(), TimeProvider.System, new KnowledgeBotOptions()),
        Options.Create(new KnowledgeBotOptions()));

    [Fact]
    public void Confidence_ForEveryEvalMessageAndArticleQuestion_IsBetweenZeroAndOne()
    {
        var index = EvalIndex();
        var questions = Eval.Cases.SelectMany(c => c.Customer)
            .Concat(Eval.Articles.SelectMany(a => a.Questions.Append(a.Title).Append(a.Body)));
        foreach (var question in questions)
        {
            var confidence = _bot.Answer(index, question).Confidence;
            Assert.InRange(confidence, 0.0, 1.0);
        }
    }

    [Theory]
    [InlineData("How do I reset my password?", "hi, i forgot my password and can't log in")]
    [InlineData("How do I share a folder?", "I want my coworker to be able to edit a folder of mine, how?")]
    [InlineData("How do I back up my phone photos?", "can the phone app save my camera roll on its own?")]
    [InlineData("Where is my data stored?", "which country are my files kept in?")]
    public void Confidence_ExactExampleQuestion_ScoresHigherThanParaphrase(string exact, string paraphrase)
    {
        var index = EvalIndex();
        var exactAnswer = _bot.Answer(index, exact);
        var paraphraseAnswer = _bot.Answer(index, paraphrase);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"exact {exactAnswer.Confidence:0.000}, paraphrase {paraphraseAnswer.Confidence:0.000}"));
        Assert.True(exactAnswer.Confidence > paraphraseAnswer.Confidence);
        Assert.True(exactAnswer.Confidence >= 0.8);
    }

    [Theory]
    [InlineData("how do I reset my password?")]
    [InlineData("my card expired, how do I put a new one in?")]
    [InlineData("how much storage do I get with Plus?")]
    [InlineData("can I share a folder with a colleague?")]
    [InlineData("what's the weather going to be in Lisbon tomorrow?")]
    [InlineData("can Nimbus Drive print straight to my office printer over bluetooth?")]
    public void Confidence_SameQuestion_IsSimilarInSmallAndLargeKnowledgeBase(string question)
    {
        var core = Eval.Articles.Where(a => a.Id is "reset-password" or "payment-method" or "storage-limits" or "share-folder" or "data-location").ToList();
        Assert.Equal(5, core.Count);
        var fillers = FillerTopics.SelectMany(topic => FillerAspects.Select(aspect => Filler(topic, aspect))).ToList();
        Assert.Equal(45, fillers.Count);

        var small = _bot.Answer(KnowledgeIndex.Build(new KnowledgeSnapshot(1, core)), question);
        var large = _bot.Answer(KnowledgeIndex.Build(new KnowledgeSnapshot(1, [.. core, .. fillers])), question);

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"5 articles {small.Confidence:0.000}, 50 articles {large.Confidence:0.000}"));
        Assert.InRange(large.Confidence - small.Confidence, -0.1, 0.1);
        Assert.Equal(small.Sources.Take(1), large.Sources.Take(1));
    }

    [Fact]
    public void Answer_EmptyKnowledgeBase_IsNotSureWithZeroConfidence()
    {
        var index = KnowledgeIndex.Build(new KnowledgeSnapshot(0, []));

        var answer = _bot.Answer(index, "how do I reset my password?");

        Assert.Equal(0, answer.Confidence);
        Assert.Empty(answer.Sources);
        Assert.Equal(new KnowledgeBotOptions().NotSureText, answer.Text);
    }

    [Fact]
    public void Answer_NothingMatches_IsNotSureWithZeroConfidence()
    {
        var answer = _bot.Answer(EvalIndex(), "what's the weather going to be in Lisbon tomorrow?");

        Assert.Equal(0, answer.Confidence);
        Assert.Empty(answer.Sources);
    }

    [Fact]
    public void Answer_InScopeQuestion_RepliesWithTopArticleAndRankedSources()
    {
        var answer = _bot.Answer(EvalIndex(), "how do I share a folder?");

        Assert.StartsWith("Sharing a folder\n\nRight-click a folder", answer.Text, StringComparison.Ordinal);
        Assert.Equal("share-folder", answer.Sources[0]);
        Assert.InRange(answer.Sources.Count, 1, 3);
        Assert.Equal(answer.Sources.Count, answer.Sources.Distinct().Count());
    }

    [Theory]
    [InlineData("title:foo AND (")]
    [InlineData("*")]
    [InlineData("\"")]
    [InlineData("?")]
    [InlineData("password~2 OR body:[a TO z] \\ / ! ^ { } ~ && ||")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("🙂🔥 can't sync 📁 my files 👍🏽")]
    [InlineData("\u0000\u200b\ud83d")]
    [InlineData("пароль забыл 忘记密码 كلمة المرور")]
    public void Answer_HostileInput_NeverThrows(string question)
    {
        var answer = _bot.Answer(EvalIndex(), question);

        Assert.InRange(answer.Confidence, 0.0, 1.0);
    }

    [Fact]
    public void Answer_VeryLongInput_NeverThrows()
    {
        var words = Enumerable.Range(0, 20_000).Select(i => i % 7 == 0 ? "password" : $"word{i}");
        var answer = _bot.Answer(EvalIndex(), string.Join(' ', words) + new string('x', 100_000));

        Assert.InRange(answer.Confidence, 0.0, 1.0);
    }

    private static KnowledgeIndex EvalIndex() => KnowledgeIndex.Build(new KnowledgeSnapshot(1, Eval.Articles));

    private static Article Filler(string topic, string aspect)
    {
        var id = $"{topic}-{aspect}".Replace(' ', '-');
        return new Article(
            id,
            $"{topic} {aspect}",
            $"A short guide to {topic}: {aspect} explained for beginners, with tips from experienced hobbyists about {topic}.",
            [$"What are the {aspect} of {topic}?", $"Any advice about {topic}?"],
            DateTimeOffset.UnixEpoch);
    }
}
