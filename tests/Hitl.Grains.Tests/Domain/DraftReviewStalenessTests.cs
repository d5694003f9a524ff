using Hitl.Grains.Common;
using Hitl.Grains.Conversations;
using Hitl.Grains.Escalation;
using Hitl.Grains.Knowledge;
using Hitl.Grains.Queues;
using Hitl.Grains.Tenants;

namespace Hitl.Grains.Tests.Domain;

/// <summary>A draft held before a person took the conversation over is stale: it can be rejected, never sent.</summary>
public sealed class DraftReviewStalenessTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);
    private static readonly Caller Customer = new(CallerRole.Customer, "c1");
    private static readonly Caller Ava = new(CallerRole.Agent, "ava");
    private static readonly Policy Policy = Policy.Default;

    [Theory]
    [InlineData(DraftDecision.Approve)]
    [InlineData(DraftDecision.Edit)]
    public void SendingADraftAfterAPersonTookOver_Conflicts_AndChangesNothing(DraftDecision decision)
    {
        var conversation = WithDraft(out var draftId);
        conversation.RequestHuman(Customer, Policy, T0.AddMinutes(1));
        conversation.AcceptAssignment(conversation.OpenEscalation!.Id, "ava", T0.AddMinutes(2));
        var (version, messages) = (conversation.State.Version, conversation.State.MessageCount);

        Assert.True(conversation.DraftIsStale);
        AssertConflict(() => conversation.ReviewDraft(draftId, decision, "Edited.", "rita", Policy, T0.AddMinutes(3)));
        AssertConflict(() => conversation.EnsureDraftPending(draftId));
        Assert.Equal((version, messages, draftId), (conversation.State.Version, conversation.State.MessageCount, conversation.State.PendingDraft?.Id));
    }

    [Fact]
    public void ADraftHeldBeforeAHandBack_IsStillStale()
    {
        var conversation = WithDraft(out var draftId);
        conversation.RequestHuman(Customer, Policy, T0.AddMinutes(1));
        conversation.AcceptAssignment(conversation.OpenEscalation!.Id, "ava", T0.AddMinutes(2));
        conversation.HandBack(Ava, T0.AddMinutes(3));
        Assert.True(conversation.State.Ownership.BotAnswers);

        AssertConflict(() => conversation.ReviewDraft(draftId, DraftDecision.Approve, null, "rita", Policy, T0.AddMinutes(4)));
        Assert.False(conversation.ReturnReview(draftId));
    }

    [Fact]
    public void RejectingAStaleDraft_DiscardsIt_WithoutEscalatingAgain()
    {
        var conversation = WithDraft(out var draftId);
        conversation.RequestHuman(Customer, Policy, T0.AddMinutes(1));
        var escalations = conversation.State.Escalations.Count;

        conversation.ReviewDraft(draftId, DraftDecision.Reject, null, "rita", Policy, T0.AddMinutes(2));

        Assert.Null(conversation.State.PendingDraft);
        Assert.Equal(escalations, conversation.State.Escalations.Count);
        Assert.Equal(DraftDecision.Reject, Assert.Single(conversation.State.Reviews).Decision);
    }

    [Fact]
    public void AFreshDraft_IsNotStale_AndAReturnedReviewIsQueuedAgain()
    {
        var conversation = WithDraft(out var draftId);
        Assert.False(conversation.DraftIsStale);
        conversation.EnsureDraftPending(draftId);
        conversation.Enqueued(conversation.DraftToEnqueue()!);
        Assert.Null(conversation.DraftToEnqueue());

        Assert.True(conversation.ReturnReview(draftId));
        Assert.Equal(draftId, conversation.DraftToEnqueue()!.Id);
        Assert.False(conversation.ReturnReview("d_other"));
    }

    [Fact]
    public void TransferToTheReviewQueue_IsBadInput()
    {
        var conversation = WithDraft(out _);
        conversation.RequestHuman(Customer, Policy, T0.AddMinutes(1));
        var error = Assert.Throws<HitlException>(() => conversation.PlanTransfer(new Caller(CallerRole.Manager, "mia"), Conversation.ReviewQueue, null, null, Policy, T0.AddMinutes(2)));
        Assert.Equal(HitlErrorCodes.BadUserInput, error.Code);
    }

    private static Conversation WithDraft(out string draftId)
    {
        var conversation = new Conversation("t", "c1", new ConversationState());
        conversation.Start("Ann", null, T0);
        var customer = conversation.AppendCustomerMessage("can I return it?", 0, T0);
        conversation.ApplyBotDecision(customer, EscalationDecision.Draft, new BotAnswer("Yes.", 0.6, ["a1"]), Policy, T0, T0);
        draftId = conversation.State.PendingDraft!.Id;
        return conversation;
    }

    private static void AssertConflict(Action action) =>
        Assert.Equal(HitlErrorCodes.Conflict, Assert.Throws<HitlException>(action).Code);
}
