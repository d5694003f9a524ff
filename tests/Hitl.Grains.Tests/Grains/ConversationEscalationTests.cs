using Hitl.Grains.Common;
using Hitl.Grains.Conversations;
using Hitl.Grains.Escalation;
using Hitl.Grains.Tenants;

namespace Hitl.Grains.Tests.Grains;

/// <summary>The escalation engine inside the conversation grain: state, routing, drafts, failures.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ConversationEscalationTests(ClusterFixture fixture)
{
    private static readonly Caller Customer = new(CallerRole.Customer, "customer");

    private async Task<(string Tenant, IConversationGrain Grain)> NewAsync(string prefix = "t", PolicyPatch? policy = null)
    {
        var tenant = await TestTenants.CreateAsync(fixture.Grains, prefix: prefix);
        if (policy is not null)
        {
            await fixture.Grains.GetGrain<ITenantGrain>(tenant).UpdatePolicyAsync(policy);
        }

        var grain = fixture.Grains.GetGrain<IConversationGrain>(GrainKeys.Scoped(tenant, Ids.New("c_")));
        await grain.StartAsync(null, null);
        return (tenant, grain);
    }

    private static Task<SendMessageResult> SayAsync(IConversationGrain grain, string text) =>
        grain.PostMessageAsync(new PostMessage(Customer, text, Guid.NewGuid().ToString("N")));

    [Fact]
    public async Task SensitiveTopic_EscalatesToItsQueue_WithPriorityAndSla_AndTellsTheCustomer()
    {
        var (_, grain) = await NewAsync();
        var result = await SayAsync(grain, "my lawyer will be in touch about the data you leaked");

        Assert.Null(result.Reply);
        var view = result.Conversation;
        Assert.Equal(ConversationStatus.Queued, view.Status);
        Assert.Equal("legal", view.Owner.Queue);
        Assert.NotNull(view.Escalation);
        Assert.Equal(3, view.Escalation.Priority);
        Assert.Equal(view.Escalation.At.AddSeconds(Policy.Default.SlaSeconds), view.Escalation.DueAt);
        var trigger = Assert.Single(view.Escalation.Reasons, r => r.Reason == EscalationReason.SensitiveTopic);
        Assert.Contains("lawyer", trigger.Detail, StringComparison.OrdinalIgnoreCase);

        var messages = await grain.GetMessagesAsync(10);
        Assert.Equal([Author.Customer, Author.System], messages.Select(m => m.Author));
        Assert.DoesNotContain(messages, m => m.Author == Author.Bot);
    }

    [Fact]
    public async Task CustomerMessages_CarryTheirSentiment_AndTheRunningSentimentMoves()
    {
        var (_, grain) = await NewAsync();
        var first = await SayAsync(grain, "thanks, that is great, how do I share a folder?");
        Assert.NotNull(first.Message.Sentiment);
        Assert.True(first.Message.Sentiment > 0);
        Assert.Equal(first.Message.Sentiment!.Value, first.Conversation.Sentiment, 6);

        var second = await SayAsync(grain, "This is RIDICULOUS, it still doesn't work and I'm fed up!!!");
        Assert.True(second.Message.Sentiment < 0);
        Assert.True(second.Conversation.Sentiment < first.Conversation.Sentiment);
        Assert.Contains(second.Conversation.Escalation!.Reasons, r => r.Reason == EscalationReason.NegativeSentiment);
    }

    [Fact]
    public async Task OutOfScopeQuestion_Escalates_WithTheConfidenceAsEvidence()
    {
        var (_, grain) = await NewAsync();
        var result = await SayAsync(grain, "what's the weather going to be in Lisbon tomorrow?");
        Assert.Null(result.Reply);
        var trigger = Assert.Single(result.Conversation.Escalation!.Reasons);
        Assert.Contains(trigger.Reason, new[] { EscalationReason.OutOfScope, EscalationReason.LowConfidence });
        Assert.NotNull(trigger.Score);
    }

    [Fact]
    public async Task WhenTheBotFails_TheMessageIsKept_AndTheConversationEscalates()
    {
        var (_, grain) = await NewAsync(prefix: FaultInjectingBot.FailingPrefix);
        var result = await SayAsync(grain, "How do I reset my password?");
        Assert.Null(result.Reply);
        Assert.Equal(ConversationStatus.Queued, result.Conversation.Status);
        Assert.Equal(EscalationReason.LowConfidence, Assert.Single(result.Conversation.Escalation!.Reasons).Reason);
        Assert.Equal("How do I reset my password?", (await grain.GetMessagesAsync(10))[0].Text);
    }

    [Fact]
    public async Task WithReviewOn_AModerateAnswer_IsHeldAsADraft_NotSent()
    {
        // Measure the bot's confidence for a paraphrase with review off, then turn review on just above it.
        const string Question = "can a friend change things in my stuff?";
        var (_, probe) = await NewAsync();
        var measured = (await SayAsync(probe, Question)).Reply;
        Assert.NotNull(measured);
        Assert.InRange(measured.Confidence!.Value, Policy.Default.MinConfidence, 0.98);

        var (_, grain) = await NewAsync(policy: new PolicyPatch { ReviewBelow = measured.Confidence.Value + 0.01 });
        var result = await SayAsync(grain, Question);
        Assert.Null(result.Reply);
        Assert.Equal(ConversationStatus.Bot, result.Conversation.Status);
        var draft = result.Conversation.PendingDraft;
        Assert.NotNull(draft);
        Assert.Equal(measured.Text, draft.Text);
        Assert.Equal(measured.Sources, draft.Sources);
        Assert.Equal(1, result.Conversation.MessageCount);
    }

    [Fact]
    public async Task AskingTheSameAgain_AfterAnAnswer_EscalatesAsRepeatedFailure()
    {
        var (_, grain) = await NewAsync();
        var first = await SayAsync(grain, "how do I share a folder?");
        Assert.NotNull(first.Reply);
        var second = await SayAsync(grain, "that didn't help. how do I share a folder?");
        Assert.Null(second.Reply);
        Assert.Contains(second.Conversation.Escalation!.Reasons, r => r.Reason == EscalationReason.RepeatedFailure);
    }

    [Fact]
    public async Task PolicyChanges_ApplyToTheNextMessage()
    {
        var (tenant, grain) = await NewAsync();
        await fixture.Grains.GetGrain<ITenantGrain>(tenant).UpdatePolicyAsync(new PolicyPatch
        {
            SensitiveTopics = [new("vip", ["enterprise contract"], "vip", 5)],
        });
        var result = await SayAsync(grain, "question about our enterprise contract renewal");
        Assert.Equal("vip", result.Conversation.Owner.Queue);
        Assert.Equal(5, result.Conversation.Escalation!.Priority);
    }
}
