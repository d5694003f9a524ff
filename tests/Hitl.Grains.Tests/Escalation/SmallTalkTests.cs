using Hitl.Grains.Escalation;
using Hitl.Grains.Escalation.Meaning;
using Hitl.Grains.Escalation.Text;
using Hitl.Grains.Knowledge;
using Hitl.Grains.Knowledge.Semantic;
using Hitl.Grains.Tenants;
using Hitl.Grains.Tests.Knowledge.Semantic;
using Microsoft.Extensions.Options;

namespace Hitl.Grains.Tests.Escalation;

/// <summary>
/// Small talk by meaning: greetings, thanks, acknowledgements, goodbyes and "are you a bot?" get a short reply instead
/// of a person, while the triggers still read the words (a greeting that asks for a person, an angry thanks) and a real
/// question is still a question. The sentences are this test's own.
/// </summary>
public sealed class SmallTalkTests
{
    private static readonly MeaningReader Reader = new(Options.Create(new SemanticOptions { Retrieval = "hybrid" }), SharedEmbedder.Instance);
    private static readonly SentimentScorer Scorer = new();

    // What a knowledge base answers to chit-chat: nothing it is sure of.
    private static readonly BotAnswer Unsure = new("I'm not sure I can answer that yet.", 0, []);

    private static async Task<EscalationDecision> DecideAsync(string text, BotAnswer? answer = null, params string[] answered)
    {
        var context = new EscalationContext(text, Scorer.Score(text), answered.Length > 0 ? 0.3 : null, answered, null, Policy.Default)
        {
            Meaning = await Reader.ReadAsync(text, answered),
        };
        return EscalationEngine.CreateDefault().Decide(context with { Answer = answer ?? Unsure, BotConsulted = true });
    }

    [Theory]
    [InlineData("hello!", IntentCatalog.Greeting)]
    [InlineData("good morning to you", IntentCatalog.Greeting)]
    [InlineData("thank you so much!", IntentCatalog.Thanks)]
    [InlineData("brilliant, cheers", IntentCatalog.Thanks)]
    [InlineData("okay, understood", IntentCatalog.Acknowledgement)]
    [InlineData("bye bye now", IntentCatalog.Goodbye)]
    [InlineData("wait, is this a chatbot?", IntentCatalog.BotQuestion)]
    public async Task SmallTalk_GetsItsReply_AndNeverEscalates(string text, string intent)
    {
        var decision = await DecideAsync(text);
        Assert.Equal(EscalationDecisionKind.SmallTalk, decision.Kind);
        Assert.Equal(intent, decision.Intent);
        Assert.Empty(decision.Reasons);
        Assert.False(string.IsNullOrWhiteSpace(SmallTalkReplies.For(decision.Intent)));
    }

    [Fact]
    public async Task AfterAnAnswer_Thanks_IsSmallTalk_NotARepeat()
    {
        var decision = await DecideAsync("thanks a lot!", null, "how long does delivery to Spain take?");
        Assert.Equal(EscalationDecisionKind.SmallTalk, decision.Kind);
    }

    [Fact]
    public async Task AGreetingThatAsksForAPerson_IsAnExplicitRequest()
    {
        var decision = await DecideAsync("hi, can I talk to a human please");
        Assert.Equal(EscalationDecisionKind.Escalate, decision.Kind);
        Assert.Contains(decision.Reasons, r => r.Reason == EscalationReason.ExplicitRequest);
    }

    [Fact]
    public async Task AnAngryThanks_IsNegative_NotSmallTalk()
    {
        var decision = await DecideAsync("thanks for nothing!! useless", null, "how do I get a refund?");
        Assert.Equal(EscalationDecisionKind.Escalate, decision.Kind);
        Assert.Contains(decision.Reasons, r => r.Reason == EscalationReason.NegativeSentiment);
    }

    [Fact]
    public async Task AGreetingWithAQuestion_IsAnsweredAsTheQuestion_AndWithoutAnAnswerEscalates()
    {
        var confident = new BotAnswer("Resets are under Settings.", 0.9, ["reset"]);
        Assert.Equal(EscalationDecisionKind.Answer, (await DecideAsync("hello, how do I reset my password?", confident)).Kind);
        Assert.Equal(EscalationDecisionKind.Escalate, (await DecideAsync("hello there, my parcel arrived smashed to pieces and the vase inside is broken, what now?")).Kind);
    }

    [Theory]
    [InlineData("how do I change my delivery address?")]
    [InlineData("what's the weather in Lisbon tomorrow?")]
    public async Task QuestionsTheBotCannotAnswer_StillEscalate(string text)
    {
        var decision = await DecideAsync(text);
        Assert.Equal(EscalationDecisionKind.Escalate, decision.Kind);
    }
}
