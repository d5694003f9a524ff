using Hitl.Grains.Common;
using Hitl.Grains.Conversations;
using Hitl.Grains.Escalation;
using Hitl.Grains.Knowledge;
using Hitl.Grains.Queues;
using Hitl.Grains.Scoreboards;
using Hitl.Grains.Tenants;

namespace Hitl.Grains.Tests.Domain;

/// <summary>The conversation aggregate's rules, without a silo: commands, who may issue them, and the effects they ask for.</summary>
public sealed class ConversationTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);
    private static readonly Caller Customer = new(CallerRole.Customer, "c1");
    private static readonly Caller Ava = new(CallerRole.Agent, "ava");
    private static readonly Caller Bob = new(CallerRole.Agent, "bob");
    private static readonly Caller Manager = new(CallerRole.Manager, "mia");
    private static readonly Policy Policy = Policy.Default;

    [Fact]
    public void Start_Twice_Conflicts_AndChangesNothing()
    {
        var conversation = Started();
        var version = conversation.State.Version;
        AssertCode(HitlErrorCodes.Conflict, () => conversation.Start(null, null, T0));
        Assert.Equal(version, conversation.State.Version);
    }

    [Fact]
    public void Start_WithTooLongName_IsBadInput_AndDoesNotStart()
    {
        var conversation = new Conversation("t", "c1", new ConversationState());
        AssertCode(HitlErrorCodes.BadUserInput, () => conversation.Start(new string('x', MessageRules.MaxCustomerName + 1), null, T0));
        Assert.False(conversation.Started);
    }

    [Fact]
    public void Commands_OnAConversationNeverStarted_AreNotFound()
    {
        var conversation = new Conversation("t", "c1", new ConversationState());
        AssertCode(HitlErrorCodes.NotFound, () => conversation.RequestHuman(Customer, Policy, T0));
        AssertCode(HitlErrorCodes.NotFound, () => conversation.Resolve(Customer, T0));
        AssertCode(HitlErrorCodes.NotFound, () => conversation.CheckMessage(new PostMessage(Customer, "hi", "m1")));
    }

    [Fact]
    public void BotAnswer_IsSentAndRemembered_AsTheAnsweredQuestion()
    {
        var conversation = Started();
        var customer = conversation.AppendCustomerMessage("how do refunds work?", 0.1, T0);
        Assert.True(customer.BotAnswers);
        var reply = conversation.ApplyBotDecision(customer, EscalationDecision.Answer, new BotAnswer("Like this.", 1.4, ["a1"]), Policy, T0, T0.AddSeconds(1));

        Assert.NotNull(reply);
        Assert.Equal(Author.Bot, reply.Author);
        Assert.Equal(1, reply.Seq);
        Assert.Equal(1.0, reply.Confidence); // clamped into [0, 1]
        Assert.Equal(T0.AddSeconds(1), reply.At);
        Assert.Equal(["how do refunds work?"], conversation.State.AnsweredQuestions);
        Assert.Equal(2, conversation.State.MessageCount);
    }

    [Fact]
    public void EscalateDecision_QueuesWithReasons_AndTellsTheCustomer()
    {
        var conversation = Started();
        var customer = conversation.AppendCustomerMessage("I want a person", -0.2, T0);
        var decision = new EscalationDecision(EscalationDecisionKind.Escalate, [new Trigger(EscalationReason.ExplicitRequest, "asked", null)], "billing", 3);
        Assert.Null(conversation.ApplyBotDecision(customer, decision, null, Policy, T0, T0));

        var open = conversation.OpenEscalation;
        Assert.NotNull(open);
        Assert.Equal("billing", open.Queue);
        Assert.Equal(3, open.Priority);
        Assert.Equal(T0.AddSeconds(Policy.SlaSeconds), open.DueAt);
        Assert.Equal(ConversationStatus.Queued, conversation.Ownership.Status);
        Assert.Equal(Conversation.HandoffNotice, conversation.Tail[^1].Text);
        Assert.Equal(Author.System, conversation.Tail[^1].Author);

        var item = conversation.HandoffToEnqueue();
        Assert.NotNull(item);
        Assert.Equal((open.Id, WorkKind.Handoff, "billing", 3), (item.Id, item.Kind, item.Queue, item.Priority));
        conversation.Enqueued(item);
        Assert.Null(conversation.HandoffToEnqueue());
    }

    [Fact]
    public void DraftDecision_HoldsTheAnswer_ForTheReviewQueue()
    {
        var conversation = Started();
        var customer = conversation.AppendCustomerMessage("can I cancel?", 0, T0);
        Assert.Null(conversation.ApplyBotDecision(customer, EscalationDecision.Draft, new BotAnswer("Yes.", 0.6, ["a2"]), Policy, T0, T0));

        Assert.Equal(1, conversation.State.MessageCount);
        var item = conversation.DraftToEnqueue();
        Assert.NotNull(item);
        Assert.Equal((WorkKind.DraftReview, Conversation.ReviewQueue, "Yes."), (item.Kind, item.Queue, item.Draft!.Text));
    }

    [Fact]
    public void AgentMessage_FromAnAgentThatDoesNotOwnIt_IsForbidden()
    {
        var conversation = OwnedBy("ava");
        AssertCode(HitlErrorCodes.Forbidden, () => conversation.CheckMessage(new PostMessage(Bob, "hello", "m1")));
        Assert.Null(conversation.CheckMessage(new PostMessage(Ava, "hello", "m1")));
    }

    [Fact]
    public void FirstAgentMessage_AnswersTheEscalation_LaterOnesDoNotMoveIt()
    {
        var conversation = OwnedBy("ava");
        conversation.AppendAgentMessage(Ava, "hi, I'm Ava", T0.AddMinutes(2));
        conversation.AppendAgentMessage(Ava, "one more thing", T0.AddMinutes(3));
        Assert.Equal(T0.AddMinutes(2), conversation.OpenEscalation!.FirstHumanResponseAt);
    }

    [Fact]
    public void Retry_OfARememberedClientMessage_IsRecognised()
    {
        var conversation = Started();
        var customer = conversation.AppendCustomerMessage("hello", 0, T0);
        conversation.Remember(Customer, "m1", customer.Message, null);
        var earlier = conversation.CheckMessage(new PostMessage(Customer, "hello", "m1"));
        Assert.Equal(customer.Message.Seq, earlier?.MessageSeq);

        // Staff ids are kept apart from customers': the same id from a manager is a new message (which a manager may not write here).
        AssertCode(HitlErrorCodes.Forbidden, () => conversation.CheckMessage(new PostMessage(Manager, "hello", "m1")));
    }

    [Fact]
    public void RequestHuman_ByAnAgent_IsForbidden_AndTwiceIsOneEscalation()
    {
        var conversation = Started();
        AssertCode(HitlErrorCodes.Forbidden, () => conversation.RequestHuman(Ava, Policy, T0));
        Assert.True(conversation.RequestHuman(Customer, Policy, T0));
        Assert.False(conversation.RequestHuman(Customer, Policy, T0));
        var escalation = Assert.Single(conversation.State.Escalations);
        Assert.Equal(EscalationReason.ExplicitRequest, Assert.Single(escalation.Reasons).Reason);
    }

    [Fact]
    public void Resolve_WhileQueued_WithdrawsTheItem()
    {
        var conversation = Queued();
        var open = conversation.OpenEscalation!;
        var effects = conversation.Resolve(Customer, T0.AddMinutes(1));

        Assert.Equal([new ConversationEffect.Withdraw(open.Queue, open.Id)], effects);
        Assert.Equal(ConversationStatus.Resolved, conversation.Ownership.Status);
        Assert.Equal(T0.AddMinutes(1), conversation.State.Escalations[0].ClosedAt);
    }

    [Fact]
    public void HandBack_ByTheOwner_ReleasesItsSlot_ByTheCustomerIsForbidden()
    {
        var conversation = OwnedBy("ava");
        var open = conversation.OpenEscalation!;
        AssertCode(HitlErrorCodes.Forbidden, () => conversation.HandBack(Customer, T0));
        AssertCode(HitlErrorCodes.Forbidden, () => conversation.HandBack(Bob, T0));

        var effects = conversation.HandBack(Ava, T0.AddMinutes(5));
        Assert.Equal([new ConversationEffect.ReleaseAgent("ava", open.Id)], effects);
        Assert.Equal(ConversationStatus.Bot, conversation.Ownership.Status);
        Assert.Null(conversation.OpenEscalation);
    }

    [Theory]
    [InlineData(null, null, HitlErrorCodes.BadUserInput)]
    [InlineData("billing", "bob", HitlErrorCodes.BadUserInput)]
    [InlineData("not a queue!", null, HitlErrorCodes.BadUserInput)]
    public void PlanTransfer_WithBadTargets_IsBadInput(string? queue, string? agent, string code)
    {
        var conversation = OwnedBy("ava");
        AssertCode(code, () => conversation.PlanTransfer(Ava, queue, agent, null, Policy, T0));
    }

    [Fact]
    public void PlanTransfer_ByOthers_OrOfABotConversation_IsRefused_AndChangesNothing()
    {
        var owned = OwnedBy("ava");
        var version = owned.State.Version;
        AssertCode(HitlErrorCodes.Forbidden, () => owned.PlanTransfer(Bob, "billing", null, null, Policy, T0));
        AssertCode(HitlErrorCodes.Forbidden, () => owned.PlanTransfer(Customer, "billing", null, null, Policy, T0));
        AssertCode(HitlErrorCodes.BadUserInput, () => owned.PlanTransfer(Ava, "billing", null, new string('n', 1001), Policy, T0));
        Assert.Equal(version, owned.State.Version);

        AssertCode(HitlErrorCodes.Conflict, () => Started().PlanTransfer(Manager, "billing", null, null, Policy, T0));
    }

    [Fact]
    public void TransferToAgent_ClosesTheOldEscalation_AndCarriesItsReasons()
    {
        var conversation = OwnedBy("ava");
        var old = conversation.OpenEscalation!;
        var plan = conversation.PlanTransfer(Ava, null, "bob", "  VIP  ", Policy, T0.AddMinutes(1));
        Assert.Equal(("bob", WorkKind.Handoff, old.Queue), (plan.Item.AssignedTo, plan.Item.Kind, plan.Item.Queue));
        Assert.Single(conversation.State.Escalations); // planning changes nothing

        var effects = conversation.Transfer(plan, T0.AddMinutes(1));

        Assert.Equal([new ConversationEffect.ReleaseAgent("ava", old.Id), new ConversationEffect.TellAssigned("bob", plan.Escalation.Id)], effects);
        Assert.True(conversation.Ownership.IsOwnedBy("bob"));
        Assert.NotNull(conversation.State.Escalations[0].ClosedAt);
        var reasons = conversation.OpenEscalation!.Reasons;
        Assert.Equal(EscalationReason.Manual, reasons[0].Reason);
        Assert.Equal("Transferred by ava to agent 'bob': VIP", reasons[0].Detail);
        Assert.Equal(old.Reasons, reasons.Skip(1));
    }

    [Fact]
    public void AcceptAssignment_OnlyForTheEscalationItWaitsOn_AndAgainIsANoOp()
    {
        var conversation = Queued();
        var open = conversation.OpenEscalation!;
        AssertCode(HitlErrorCodes.Conflict, () => conversation.AcceptAssignment("e_other", "ava", T0));
        Assert.True(conversation.AcceptAssignment(open.Id, "ava", T0));
        var version = conversation.State.Version;
        Assert.False(conversation.AcceptAssignment(open.Id, "ava", T0));
        Assert.Equal(version, conversation.State.Version);
        AssertCode(HitlErrorCodes.Conflict, () => conversation.AcceptAssignment(open.Id, "bob", T0));
    }

    [Fact]
    public void ReturnToQueue_OnlyWhileTheAgentHasNotAnswered()
    {
        var unanswered = OwnedBy("ava");
        var open = unanswered.OpenEscalation!;
        Assert.Null(unanswered.ReturnToQueue(open.Id, "bob", T0));
        Assert.Equal([new ConversationEffect.ReleaseAgent("ava", open.Id)], unanswered.ReturnToQueue(open.Id, "ava", T0));
        Assert.Equal(ConversationStatus.Queued, unanswered.Ownership.Status);
        Assert.NotNull(unanswered.HandoffToEnqueue()); // sent to its queue again

        var answered = OwnedBy("ava");
        answered.AppendAgentMessage(Ava, "on it", T0);
        Assert.Null(answered.ReturnToQueue(answered.OpenEscalation!.Id, "ava", T0));
        Assert.True(answered.Ownership.IsOwnedBy("ava"));
    }

    [Fact]
    public void BreachSla_RaisesPriorityOnce_InTheQueueWhileWaiting()
    {
        var conversation = Queued();
        var open = conversation.OpenEscalation!;
        var effects = conversation.BreachSla(T0.AddMinutes(10));
        Assert.Equal([new ConversationEffect.RaisePriority(open.Queue, open.Id, open.Priority + 1)], effects);
        Assert.True(conversation.OpenEscalation!.Breached);
        Assert.Null(conversation.BreachSla(T0.AddMinutes(11)));
    }

    [Fact]
    public void ReviewDraft_Edit_SendsTheReviewersText_AndASecondReviewConflicts()
    {
        var conversation = WithDraft(out var draftId);
        conversation.ReviewDraft(draftId, DraftDecision.Edit, "Yes, within 30 days.", "rita", Policy, T0);

        Assert.Equal("Yes, within 30 days.", conversation.Tail[^1].Text);
        Assert.Null(conversation.State.PendingDraft);
        var review = Assert.Single(conversation.State.Reviews);
        Assert.Equal(("Yes.", "Yes, within 30 days."), (review.Draft.Text, review.EditedText));
        AssertCode(HitlErrorCodes.Conflict, () => conversation.ReviewDraft(draftId, DraftDecision.Approve, null, "rita", Policy, T0));
    }

    [Fact]
    public void ReviewDraft_Reject_Escalates_WithTheDraftsConfidence()
    {
        var conversation = WithDraft(out var draftId);
        conversation.ReviewDraft(draftId, DraftDecision.Reject, null, "rita", Policy, T0);
        var reason = Assert.Single(conversation.OpenEscalation!.Reasons);
        Assert.Equal((EscalationReason.DraftRejected, 0.6), (reason.Reason, reason.Score));
    }

    [Fact]
    public void Rate_OnlyTheCustomer_OnlyResolved_OnlyOnce()
    {
        var conversation = Started();
        AssertCode(HitlErrorCodes.Conflict, () => conversation.Rate(Customer, 5, T0));
        conversation.Resolve(Customer, T0);
        AssertCode(HitlErrorCodes.Forbidden, () => conversation.Rate(Manager, 5, T0));
        AssertCode(HitlErrorCodes.BadUserInput, () => conversation.Rate(Customer, 6, T0));
        conversation.Rate(Customer, 4, T0);
        AssertCode(HitlErrorCodes.Conflict, () => conversation.Rate(Customer, 5, T0));
        Assert.Equal(4, conversation.State.Csat);
    }

    [Fact]
    public void LongHistory_KeepsTheLatestEscalationsAndReviews_AndTheScoreboardStillCountsThemAll()
    {
        var conversation = Started();
        const int Rounds = Conversation.KeptEscalations + 7;
        for (var i = 0; i < Rounds; i++)
        {
            var at = T0.AddHours(i);
            conversation.RequestHuman(Customer, Policy, at);
            var open = conversation.OpenEscalation!;
            conversation.AcceptAssignment(open.Id, "ava", at);
            conversation.AppendAgentMessage(Ava, "hello", at.AddSeconds(i % 2 == 0 ? 10 : Policy.SlaSeconds + 10));
            conversation.HandBack(Ava, at.AddMinutes(20));
        }

        for (var i = 0; i < Conversation.KeptReviews + 3; i++)
        {
            var customer = conversation.AppendCustomerMessage("q", 0, T0.AddDays(2));
            conversation.ApplyBotDecision(customer, EscalationDecision.Draft, new BotAnswer("a", 0.6, []), Policy, T0.AddDays(2), T0.AddDays(2));
            conversation.ReviewDraft(conversation.State.PendingDraft!.Id, DraftDecision.Approve, null, "rita", Policy, T0.AddDays(2));
        }

        Assert.Equal(Conversation.KeptEscalations, conversation.State.Escalations.Count);
        Assert.Equal(Conversation.KeptReviews, conversation.State.Reviews.Count);
        var contribution = ConversationContribution.Of(conversation.State)!;
        Assert.Equal(Rounds, contribution.SlaMet + contribution.SlaBreached);
        Assert.Equal((Rounds + 1) / 2, contribution.SlaMet);
        Assert.Equal(Conversation.KeptReviews + 3, contribution.DraftsApproved);
        Assert.Equal([EscalationReason.ExplicitRequest], contribution.Reasons);
    }

    private static Conversation Started()
    {
        var conversation = new Conversation("t", "c1", new ConversationState());
        conversation.Start("Ann", null, T0);
        return conversation;
    }

    private static Conversation Queued()
    {
        var conversation = Started();
        conversation.RequestHuman(Customer, Policy, T0);
        return conversation;
    }

    private static Conversation OwnedBy(string agent)
    {
        var conversation = Queued();
        conversation.AcceptAssignment(conversation.OpenEscalation!.Id, agent, T0);
        return conversation;
    }

    private static Conversation WithDraft(out string draftId)
    {
        var conversation = Started();
        var customer = conversation.AppendCustomerMessage("can I return it?", 0, T0);
        conversation.ApplyBotDecision(customer, EscalationDecision.Draft, new BotAnswer("Yes.", 0.6, ["a1"]), Policy, T0, T0);
        draftId = conversation.State.PendingDraft!.Id;
        return conversation;
    }

    private static void AssertCode(string code, Action action) =>
        Assert.Equal(code, Assert.Throws<HitlException>(action).Code);

    private static void AssertCode(string code, Func<object?> action) =>
        Assert.Equal(code, Assert.Throws<HitlException>(action).Code);
}
