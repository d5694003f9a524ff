using Hitl.Grains.Common;
using Hitl.Grains.Conversations;
using Hitl.Grains.Scoreboards;
using Hitl.Grains.Tenants;

namespace Hitl.Grains.Tests.Domain;

/// <summary>The aggregate's side of the conversation limits (issue 17, part A2): idle closing, the requestHuman cooldown, the replay check.</summary>
public sealed class ConversationLimitsRulesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);
    private static readonly Caller Customer = new(CallerRole.Customer, "c1");
    private static readonly Caller Ana = new(CallerRole.Agent, "ana");
    private static readonly TimeSpan Ttl = TimeSpan.FromHours(24);
    private static readonly TimeSpan Cooldown = TimeSpan.FromSeconds(60);

    private static Conversation Started()
    {
        var conversation = new Conversation("t1", "c1", new ConversationState());
        conversation.Start(null, null, T0);
        return conversation;
    }

    [Fact]
    public void AnIdleBotConversation_IsResolved_AndCountsAsResolvedByTheBot()
    {
        var conversation = Started();
        Assert.Null(conversation.CloseIdle(Ttl, T0 + Ttl - TimeSpan.FromSeconds(1)));
        Assert.Equal(T0 + Ttl, conversation.IdleExpiresAt(Ttl));

        Assert.True(conversation.CloseIdle(Ttl, T0 + Ttl));
        Assert.Equal(ConversationStatus.Resolved, conversation.State.Ownership.Status);
        var contribution = ConversationContribution.Of(conversation.State)!;
        Assert.True(contribution.ResolvedByBot);
        Assert.False(contribution.ResolvedByHuman);

        // Resolved and idle: nothing more to write.
        Assert.False(conversation.CloseIdle(Ttl, T0 + Ttl + Ttl));
    }

    [Fact]
    public void QueuedOrHumanConversations_AndPendingDrafts_NeverIdleOut()
    {
        var queued = Started();
        queued.RequestHuman(Customer, Policy.Default, T0);
        Assert.Null(queued.IdleExpiresAt(Ttl));
        Assert.Null(queued.CloseIdle(Ttl, T0.AddDays(30)));

        queued.AcceptAssignment(queued.OpenEscalation!.Id, "ana", T0);
        Assert.Null(queued.CloseIdle(Ttl, T0.AddDays(30)));
        Assert.Equal(ConversationStatus.Human, queued.State.Ownership.Status);

        var drafted = Started();
        drafted.State.PendingDraft = new Draft("d_1", "an answer", 0.6, []);
        Assert.Null(drafted.CloseIdle(Ttl, T0.AddDays(30)));

        Assert.Null(Started().IdleExpiresAt(TimeSpan.Zero));
    }

    [Fact]
    public void RequestHuman_WithinTheCooldownAfterTheCustomersResolve_IsRateLimited_AndChangesNothing()
    {
        var conversation = Started();
        conversation.Resolve(Customer, T0);
        var version = conversation.State.Version;

        var error = Assert.Throws<HitlException>(() => conversation.RequestHuman(Customer, Policy.Default, T0.AddSeconds(59), Cooldown));
        Assert.Equal(HitlErrorCodes.RateLimited, error.Code);
        Assert.Equal(version, conversation.State.Version);
        Assert.Equal(ConversationStatus.Resolved, conversation.State.Ownership.Status);

        Assert.True(conversation.RequestHuman(Customer, Policy.Default, T0.AddSeconds(60), Cooldown));
    }

    [Fact]
    public void AnAgentsReplay_IsCheckedForOwnershipFirst()
    {
        var conversation = Started();
        conversation.RequestHuman(Customer, Policy.Default, T0);
        conversation.AcceptAssignment(conversation.OpenEscalation!.Id, "ana", T0);
        var message = conversation.AppendAgentMessage(Ana, "hi", T0);
        conversation.Remember(Ana, "a1", message, null);
        Assert.NotNull(conversation.CheckMessage(new PostMessage(Ana, "hi", "a1")));

        conversation.HandBack(Ana, T0);
        var error = Assert.Throws<HitlException>(() => conversation.CheckMessage(new PostMessage(Ana, "hi", "a1")));
        Assert.Equal(HitlErrorCodes.Forbidden, error.Code);
    }
}
