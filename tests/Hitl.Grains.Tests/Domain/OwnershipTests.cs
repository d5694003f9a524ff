using Hitl.Grains.Common;
using Hitl.Grains.Conversations;

namespace Hitl.Grains.Tests.Domain;

public sealed class OwnershipTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Start_BotOwns()
    {
        var o = Ownership.Start(T0);
        Assert.Equal(ConversationStatus.Bot, o.Status);
        Assert.Equal(OwnerKind.Bot, o.Owner.Kind);
        Assert.Null(o.OpenEscalationId);
        Assert.True(o.BotAnswers);
    }

    [Fact]
    public void Escalate_FromBot_QueuesUnderTheEscalation()
    {
        var o = Ownership.Start(T0).Escalate("e1", "billing", T0.AddSeconds(5));
        Assert.Equal(ConversationStatus.Queued, o.Status);
        Assert.Equal(OwnerKind.Queue, o.Owner.Kind);
        Assert.Equal("billing", o.Owner.Queue);
        Assert.Equal(T0.AddSeconds(5), o.Owner.Since);
        Assert.Equal("e1", o.OpenEscalationId);
        Assert.False(o.BotAnswers);
    }

    [Fact]
    public void Escalate_WhenAlreadyQueued_Conflicts()
    {
        var queued = Ownership.Start(T0).Escalate("e1", "support", T0);
        var error = Assert.Throws<HitlException>(() => queued.Escalate("e2", "support", T0));
        Assert.Equal(HitlErrorCodes.Conflict, error.Code);
    }

    [Fact]
    public void Assign_ForTheOpenEscalation_GivesTheAgentOwnership()
    {
        var o = Ownership.Start(T0).Escalate("e1", "support", T0).Assign("e1", "ana", T0.AddMinutes(1));
        Assert.Equal(ConversationStatus.Human, o.Status);
        Assert.Equal(OwnerKind.Agent, o.Owner.Kind);
        Assert.Equal("ana", o.Owner.AgentId);
        Assert.True(o.IsOwnedBy("ana"));
        Assert.False(o.IsOwnedBy("bob"));
    }

    [Fact]
    public void Assign_ForAnotherEscalation_Conflicts()
    {
        var queued = Ownership.Start(T0).Escalate("e1", "support", T0);
        Assert.Equal(HitlErrorCodes.Conflict, Assert.Throws<HitlException>(() => queued.Assign("old", "ana", T0)).Code);
    }

    [Fact]
    public void Assign_Twice_SecondAgentConflicts()
    {
        var taken = Ownership.Start(T0).Escalate("e1", "support", T0).Assign("e1", "ana", T0);
        Assert.Equal(HitlErrorCodes.Conflict, Assert.Throws<HitlException>(() => taken.Assign("e1", "bob", T0)).Code);
    }

    [Fact]
    public void Assign_WhileBotOwns_Conflicts()
    {
        Assert.Throws<HitlException>(() => Ownership.Start(T0).Assign("e1", "ana", T0));
    }

    [Fact]
    public void Resolve_ThenReopen_BotOwnsAgain()
    {
        var resolved = Ownership.Start(T0).Escalate("e1", "support", T0).Assign("e1", "ana", T0).Resolve(T0.AddMinutes(3));
        Assert.Equal(ConversationStatus.Resolved, resolved.Status);
        Assert.Equal(OwnerKind.None, resolved.Owner.Kind);
        Assert.Null(resolved.OpenEscalationId);
        Assert.False(resolved.IsOwnedBy("ana"));

        var reopened = resolved.Reopen(T0.AddMinutes(4));
        Assert.Equal(ConversationStatus.Bot, reopened.Status);
        Assert.Equal(T0.AddMinutes(4), reopened.Owner.Since);
    }

    [Fact]
    public void Resolve_Twice_Conflicts()
    {
        var resolved = Ownership.Start(T0).Resolve(T0);
        Assert.Throws<HitlException>(() => resolved.Resolve(T0));
    }

    [Fact]
    public void Reopen_WhenNotResolved_Conflicts()
    {
        Assert.Throws<HitlException>(() => Ownership.Start(T0).Reopen(T0));
    }

    [Fact]
    public void HandBack_FromHuman_BotOwnsAndEscalationCloses()
    {
        var o = Ownership.Start(T0).Escalate("e1", "support", T0).Assign("e1", "ana", T0).HandBack(T0);
        Assert.Equal(ConversationStatus.Bot, o.Status);
        Assert.Null(o.OpenEscalationId);
    }

    [Fact]
    public void TransferToQueue_FromHuman_QueuesUnderNewEscalation()
    {
        var o = Ownership.Start(T0).Escalate("e1", "support", T0).Assign("e1", "ana", T0).TransferToQueue("e2", "billing", T0);
        Assert.Equal(ConversationStatus.Queued, o.Status);
        Assert.Equal("billing", o.Owner.Queue);
        Assert.Equal("e2", o.OpenEscalationId);
        Assert.Throws<HitlException>(() => Ownership.Start(T0).TransferToQueue("e3", "billing", T0));
    }

    [Fact]
    public void Requeue_FromHuman_KeepsTheEscalation()
    {
        var o = Ownership.Start(T0).Escalate("e1", "support", T0).Assign("e1", "ana", T0).Requeue("support", T0);
        Assert.Equal(ConversationStatus.Queued, o.Status);
        Assert.Equal("e1", o.OpenEscalationId);
        Assert.Equal(ConversationStatus.Human, o.Assign("e1", "bob", T0).Status);
    }
}
