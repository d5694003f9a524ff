using Hitl.Grains.Escalation;
using Hitl.Grains.Escalation.Meaning;
using Hitl.Grains.Escalation.Text;
using Hitl.Grains.Escalation.Triggers;
using Hitl.Grains.Knowledge.Semantic;
using Hitl.Grains.Tenants;
using Hitl.Grains.Tests.Knowledge.Semantic;
using Microsoft.Extensions.Options;

namespace Hitl.Grains.Tests.Escalation;

/// <summary>
/// The triggers that read a message's meaning (hybrid retrieval): requests for a person and repeats in words no list
/// holds, and what must not count as either. The sentences are this test's own, not the evaluation sets'.
/// </summary>
public sealed class MeaningTests
{
    private static readonly MeaningReader Reader = new(Options.Create(new SemanticOptions { Retrieval = "hybrid" }), SharedEmbedder.Instance);

    private static async Task<EscalationContext> ContextAsync(string text, params string[] answered) =>
        new(text, 0, null, answered, null, Policy.Default) { Meaning = await Reader.ReadAsync(text, answered) };

    [Theory]
    [InlineData("I would like one of your staff members to look into my case personally")]
    [InlineData("get somebody from the support desk on the phone with me")]
    public async Task ARequestForAPerson_InWordsTheDetectorDoesNotKnow_IsRecognisedByMeaning(string text)
    {
        Assert.Null(new ExplicitRequestDetector().Detect(text));
        var context = await ContextAsync(text);
        Assert.Equal(IntentCatalog.HumanRequest, context.Meaning!.Intent?.Intent);
        var hit = new ExplicitRequestTrigger(new ExplicitRequestDetector()).Evaluate(context);
        Assert.NotNull(hit);
        Assert.Equal(EscalationReason.ExplicitRequest, hit.Trigger.Reason);
    }

    [Theory]
    [InlineData("my assistant needs access to the shared calendar, how do I add her?")]
    [InlineData("what time does your warehouse open on Saturdays?")]
    [InlineData("the courier told me to contact you about the damaged box")]
    public async Task QuestionsThatMentionPeople_AreNotRequests(string text)
    {
        var context = await ContextAsync(text);
        Assert.Null(new ExplicitRequestTrigger(new ExplicitRequestDetector()).Evaluate(context));
    }

    [Fact]
    public async Task ANegatedRequest_IsNotARequest_EvenWhenItsMeaningIsNear()
    {
        var context = await ContextAsync("I don't want to talk to a person, just tell me the opening hours");
        Assert.True(new ExplicitRequestDetector().DeclinesPerson(context.Message));
        Assert.Null(new ExplicitRequestTrigger(new ExplicitRequestDetector()).Evaluate(context));
    }

    [Fact]
    public async Task AQuestionAskedAgainInOtherWords_IsARepeat_WhereWordOverlapAloneSeesNone()
    {
        const string Earlier = "how long does delivery to Spain take?";
        const string Again = "I still have no idea how many days shipping to Spain needs";
        Assert.True(new QuestionSimilarity().Similarity(Earlier, Again) < Policy.Default.RepeatSimilarity);

        var hit = new RepeatedFailureTrigger(new QuestionSimilarity()).Evaluate(await ContextAsync(Again, Earlier));
        Assert.NotNull(hit);
        Assert.Equal(EscalationReason.RepeatedFailure, hit.Trigger.Reason);
        Assert.Contains("Asked again", hit.Trigger.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADifferentFollowUp_IsNotARepeat()
    {
        var trigger = new RepeatedFailureTrigger(new QuestionSimilarity());
        Assert.Null(trigger.Evaluate(await ContextAsync("and can I pay by bank transfer?", "how long does delivery to Spain take?")));
    }

    [Fact]
    public async Task SayingTheAnswerDidNotHelp_AfterAnAnswer_IsARepeatedFailure_AndBeforeAnyAnswerIsNot()
    {
        var trigger = new RepeatedFailureTrigger(new QuestionSimilarity());
        var hit = trigger.Evaluate(await ContextAsync("hmm, that doesn't answer my question", "can I change my delivery address?"));
        Assert.NotNull(hit);
        Assert.Contains("did not help", hit.Trigger.Detail, StringComparison.Ordinal);
        Assert.Null(trigger.Evaluate(await ContextAsync("hmm, that doesn't answer my question")));
    }

    [Fact]
    public async Task LexicalMode_ReadsNoMeaning_AndTheWordMeasuresStillWork()
    {
        var lexical = new MeaningReader(Options.Create(new SemanticOptions { Retrieval = "lexical" }), SharedEmbedder.Instance);
        Assert.False(lexical.Enabled);
        Assert.Null(await lexical.ReadAsync("can I talk to a human please", []));
        var context = new EscalationContext("can I talk to a human please", 0, null, [], null, Policy.Default);
        Assert.NotNull(new ExplicitRequestTrigger(new ExplicitRequestDetector()).Evaluate(context));
    }

    [Fact]
    public async Task CachedEncoding_EncodesEachTextOnce_AndKeepsTheOrder()
    {
        var embedder = new TextEmbedder(Options.Create(new SemanticOptions()), Microsoft.Extensions.Logging.Abstractions.NullLogger<TextEmbedder>.Instance);
        var first = await embedder.EncodeCachedAsync(["where is my parcel", "do you ship abroad"]);
        var second = await embedder.EncodeCachedAsync(["do you ship abroad", "where is my parcel", "a new text"]);
        Assert.Same(first[1], second[0]);
        Assert.Same(first[0], second[1]);
        Assert.Equal(TextEmbedder.Dimensions, second[2].Length);
        Assert.True(TextEmbedder.Similarity(first[0], second[2]) < 0.99);
    }
}
