using Hitl.Grains.Common;
using Hitl.Grains.Conversations;
using Hitl.Grains.Queues;
using Hitl.Grains.Tenants;

namespace Hitl.Grains.Tests.Grains;

/// <summary>
/// A conversation waiting on a slow bot still answers the proposals queues make to it, so a queue's other offers do
/// not wait behind the bot; everything else waits its turn, and the message is answered once the bot is.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class SlowBotTests(ClusterFixture fixture)
{
    private static readonly Caller Customer = new(CallerRole.Customer, "customer");

    /// <summary>Well within the bot's own 20 s timeout: a proposal stuck behind the bot would miss it.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task AssignmentOffer_WhileTheBotThinks_IsRefusedAtOnce_AndTheAnswerStillArrives()
    {
        var tenant = await TestTenants.CreateAsync(fixture.Grains);
        var grain = await StartAsync(tenant);
        var held = FaultInjectingBot.Hold(tenant);

        var sending = grain.PostMessageAsync(new PostMessage(Customer, "How do I reset my password?", "m1"));
        await held.Asked.Task.WaitAsync(Deadline);

        var offer = await Assert.ThrowsAsync<HitlException>(() => grain.AcceptAssignmentAsync("e_stale", "ava").WaitAsync(Deadline));
        Assert.Equal(HitlErrorCodes.Conflict, offer.Code);
        Assert.False(sending.IsCompleted);

        held.Released.SetResult();
        var result = await sending.WaitAsync(Deadline);
        Assert.NotNull(result.Reply);
        Assert.Equal(ConversationStatus.Bot, result.Conversation.Status);
        Assert.Equal(2, result.Conversation.MessageCount);
    }

    [Fact]
    public async Task ReviewOffer_WhileTheBotThinksAboutTheNextQuestion_IsAnsweredAtOnce()
    {
        // An unsure bot (half the confidence) under a high review bar: its answers are held as drafts.
        var tenant = await TestTenants.CreateAsync(fixture.Grains, prefix: FaultInjectingBot.UnsurePrefix);
        await fixture.Grains.GetGrain<ITenantGrain>(tenant).UpdatePolicyAsync(new PolicyPatch { MinConfidence = 0, OutOfScopeBelow = 0, ReviewBelow = 0.9 });
        var grain = await StartAsync(tenant);
        var draft = (await grain.PostMessageAsync(new PostMessage(Customer, "How do I reset my password?", "m1"))).Conversation.PendingDraft;
        Assert.NotNull(draft);

        var held = FaultInjectingBot.Hold(tenant);
        var sending = grain.PostMessageAsync(new PostMessage(Customer, "How do I share a folder?", "m2"));
        await held.Asked.Task.WaitAsync(Deadline);

        await grain.AcceptReviewAsync(draft.Id).WaitAsync(Deadline);
        var stale = await Assert.ThrowsAsync<HitlException>(() => grain.AcceptReviewAsync("d_other").WaitAsync(Deadline));
        Assert.Equal(HitlErrorCodes.Conflict, stale.Code);

        // A command that changes the conversation waits for the message to finish: by then the new answer has
        // replaced the draft, so reviewing the old one is a conflict.
        var reviewing = grain.ReviewDraftAsync(draft.Id, DraftDecision.Approve, null, "rita");
        Assert.False(sending.IsCompleted);
        held.Released.SetResult();
        var result = await sending.WaitAsync(Deadline);
        var replaced = await Assert.ThrowsAsync<HitlException>(() => reviewing.WaitAsync(Deadline));
        Assert.Equal(HitlErrorCodes.Conflict, replaced.Code);
        Assert.NotNull(result.Conversation.PendingDraft);
        Assert.NotEqual(draft.Id, result.Conversation.PendingDraft.Id);
    }

    private async Task<IConversationGrain> StartAsync(string tenant)
    {
        var grain = fixture.Grains.GetGrain<IConversationGrain>(GrainKeys.Scoped(tenant, Ids.New("c_")));
        await grain.StartAsync(null, null);
        return grain;
    }
}
