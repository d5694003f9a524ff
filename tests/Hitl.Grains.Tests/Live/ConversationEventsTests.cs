using Hitl.Grains.Conversations;

namespace Hitl.Grains.Tests.Live;

public sealed class ConversationEventsTests
{
    private static readonly ConversationMark Bot = new(1, 0, ConversationStatus.Bot, null, null, 0, null, false);

    [Fact]
    public void A_turn_with_a_reply_is_two_messages()
    {
        Assert.Equal(["MESSAGE", "MESSAGE"], ConversationEvents.Between(Bot, Bot with { Version = 3, MessageCount = 2 }));
    }

    [Fact]
    public void An_escalation_is_its_messages_then_ESCALATED()
    {
        var queued = Bot with { Version = 3, MessageCount = 2, Status = ConversationStatus.Queued, OpenEscalationId = "e1" };
        Assert.Equal(["MESSAGE", "MESSAGE", "ESCALATED"], ConversationEvents.Between(Bot, queued));
    }

    [Theory]
    [InlineData(ConversationStatus.Queued, "e1", ConversationStatus.Human, "e1", "ASSIGNED")]
    [InlineData(ConversationStatus.Human, "e1", ConversationStatus.Queued, "e1", "RETURNED")]
    [InlineData(ConversationStatus.Human, "e1", ConversationStatus.Queued, "e2", "TRANSFERRED")]
    [InlineData(ConversationStatus.Human, "e1", ConversationStatus.Human, "e2", "TRANSFERRED")]
    [InlineData(ConversationStatus.Queued, "e1", ConversationStatus.Bot, null, "HANDED_BACK")]
    [InlineData(ConversationStatus.Human, "e1", ConversationStatus.Resolved, null, "RESOLVED")]
    [InlineData(ConversationStatus.Bot, null, ConversationStatus.Resolved, null, "RESOLVED")]
    public void Ownership_changes_are_named(ConversationStatus from, string? fromEscalation, ConversationStatus to, string? toEscalation, string kind)
    {
        var before = Bot with { Status = from, OpenEscalationId = fromEscalation };
        var after = before with { Version = 2, Status = to, OpenEscalationId = toEscalation };
        Assert.Equal([kind], ConversationEvents.Between(before, after));
    }

    [Fact]
    public void A_message_after_resolution_reopens_and_may_escalate_at_once()
    {
        var resolved = Bot with { Status = ConversationStatus.Resolved };
        var escalated = resolved with { Version = 4, MessageCount = 2, Status = ConversationStatus.Queued, OpenEscalationId = "e2" };
        Assert.Equal(["MESSAGE", "MESSAGE", "REOPENED", "ESCALATED"], ConversationEvents.Between(resolved, escalated));
    }

    [Fact]
    public void Drafts_ratings_and_breaches_are_named()
    {
        Assert.Equal(["MESSAGE", "DRAFT"], ConversationEvents.Between(Bot, Bot with { Version = 2, MessageCount = 1, PendingDraftId = "d1" }));
        var pending = Bot with { PendingDraftId = "d1" };
        Assert.Equal(["MESSAGE", "DRAFT_REVIEWED"], ConversationEvents.Between(pending, Bot with { Version = 2, MessageCount = 1, Reviews = 1 }));
        var resolved = Bot with { Status = ConversationStatus.Resolved };
        Assert.Equal(["RATED"], ConversationEvents.Between(resolved, resolved with { Version = 2, Csat = 5 }));
        var queued = Bot with { Status = ConversationStatus.Queued, OpenEscalationId = "e1" };
        Assert.Equal(["SLA_BREACHED"], ConversationEvents.Between(queued, queued with { Version = 2, OpenBreached = true }));
    }

    [Fact]
    public void Any_other_change_is_UPDATED_and_no_change_is_nothing()
    {
        Assert.Equal(["UPDATED"], ConversationEvents.Between(Bot, Bot with { Version = 2 }));
        Assert.Empty(ConversationEvents.Between(Bot, Bot));
    }
}
