using Hitl.Grains.Common;
using Hitl.Grains.Conversations;
using Hitl.Grains.Escalation;
using Hitl.Grains.Tenants;

namespace Hitl.Grains.Tests.Grains;

[Collection(ClusterCollection.Name)]
public sealed class ConversationGrainTests(ClusterFixture fixture)
{
    private static readonly Caller Customer = new(CallerRole.Customer, "customer");

    private async Task<(string Tenant, IConversationGrain Grain)> NewConversationAsync(string? firstMessage = null)
    {
        var tenant = await TestTenants.CreateAsync(fixture.Grains);
        var grain = fixture.Grains.GetGrain<IConversationGrain>(GrainKeys.Scoped(tenant, Ids.New("c_")));
        await grain.StartAsync("Dana", firstMessage);
        return (tenant, grain);
    }

    [Fact]
    public async Task Start_BotOwnsTheNewConversation()
    {
        var (_, grain) = await NewConversationAsync();
        var view = await grain.GetAsync();
        Assert.NotNull(view);
        Assert.Equal(ConversationStatus.Bot, view.Status);
        Assert.Equal(OwnerKind.Bot, view.Owner.Kind);
        Assert.Equal("Dana", view.CustomerName);
        Assert.Equal(0, view.MessageCount);
        Assert.Null(view.Escalation);
        Assert.Empty(view.Escalations);
    }

    [Fact]
    public async Task Start_Twice_Conflicts()
    {
        var (_, grain) = await NewConversationAsync();
        var error = await Assert.ThrowsAsync<HitlException>(() => grain.StartAsync("Again", null));
        Assert.Equal(HitlErrorCodes.Conflict, error.Code);
    }

    [Fact]
    public async Task Start_WithFirstMessage_TheBotAnswersIt()
    {
        var (_, grain) = await NewConversationAsync("How do I reset my password?");
        var messages = await grain.GetMessagesAsync(10);
        Assert.Equal(2, messages.Count);
        Assert.Equal(Author.Customer, messages[0].Author);
        Assert.Equal(Author.Bot, messages[1].Author);
        Assert.Equal("reset-password", messages[1].Sources[0]);
    }

    [Fact]
    public async Task Get_NeverStarted_IsNull_AndCommandsAreNotFound()
    {
        var grain = fixture.Grains.GetGrain<IConversationGrain>(GrainKeys.Scoped("nobody", "missing"));
        Assert.Null(await grain.GetAsync());
        var error = await Assert.ThrowsAsync<HitlException>(() => grain.PostMessageAsync(new PostMessage(Customer, "hi", "m1")));
        Assert.Equal(HitlErrorCodes.NotFound, error.Code);
    }

    [Fact]
    public async Task PostMessage_WhileBotOwns_BotRepliesFromKnowledge()
    {
        var (_, grain) = await NewConversationAsync();
        var result = await grain.PostMessageAsync(new PostMessage(Customer, "How can I share a folder with a colleague?", "m1"));

        Assert.Equal(Author.Customer, result.Message.Author);
        Assert.NotNull(result.Reply);
        Assert.Equal(Author.Bot, result.Reply.Author);
        Assert.Equal("share-folder", result.Reply.Sources[0]);
        Assert.InRange(result.Reply.Confidence!.Value, 0.35, 1.0);
        Assert.Equal(2, result.Conversation.MessageCount);
        Assert.Equal(result.Message.Seq + 1, result.Reply.Seq);
    }

    [Fact]
    public async Task PostMessage_RetriedWithTheSameClientMessageId_ReturnsTheFirstResultAndAddsNothing()
    {
        var (_, grain) = await NewConversationAsync();
        var first = await grain.PostMessageAsync(new PostMessage(Customer, "Where can I download my invoice?", "retry-1"));
        var retry = await grain.PostMessageAsync(new PostMessage(Customer, "Where can I download my invoice?", "retry-1"));

        AssertSame(first.Message, retry.Message);
        AssertSame(first.Reply!, retry.Reply!);
        Assert.Equal(2, retry.Conversation.MessageCount);
        Assert.Equal(2, (await grain.GetMessagesAsync(50)).Count);
    }

    [Fact]
    public async Task PostMessage_Retried_AfterDeactivation_StillReturnsTheFirstResult()
    {
        var (_, grain) = await NewConversationAsync();
        var first = await grain.PostMessageAsync(new PostMessage(Customer, "I forgot my password", "durable-1"));
        await fixture.Cluster.DeactivateAsync(grain);

        var retry = await grain.PostMessageAsync(new PostMessage(Customer, "I forgot my password", "durable-1"));
        AssertSame(first.Message, retry.Message);
        Assert.Equal(2, retry.Conversation.MessageCount);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task PostMessage_Empty_IsBadInput_AndChangesNothing(string text)
    {
        var (_, grain) = await NewConversationAsync();
        var error = await Assert.ThrowsAsync<HitlException>(() => grain.PostMessageAsync(new PostMessage(Customer, text, "m1")));
        Assert.Equal(HitlErrorCodes.BadUserInput, error.Code);
        Assert.Equal(0, (await grain.GetAsync())!.MessageCount);
    }

    [Fact]
    public async Task PostMessage_Oversized_IsBadInput_AndChangesNothing()
    {
        var (_, grain) = await NewConversationAsync();
        var before = await grain.GetAsync();
        await Assert.ThrowsAsync<HitlException>(() => grain.PostMessageAsync(new PostMessage(Customer, new string('x', 4001), "m1")));
        AssertUnchanged(before!, (await grain.GetAsync())!);
    }

    [Fact]
    public async Task RequestHuman_EscalatesToTheDefaultQueue_AndTheBotFallsSilent()
    {
        var (tenant, grain) = await NewConversationAsync();
        var policy = await fixture.Grains.GetGrain<ITenantGrain>(tenant).GetPolicyAsync();
        var view = await grain.RequestHumanAsync(Customer);

        Assert.Equal(ConversationStatus.Queued, view.Status);
        Assert.Equal(OwnerKind.Queue, view.Owner.Kind);
        Assert.Equal(policy.DefaultQueue, view.Owner.Queue);
        Assert.NotNull(view.Escalation);
        Assert.Equal(EscalationReason.ExplicitRequest, Assert.Single(view.Escalation.Reasons).Reason);
        Assert.Equal(view.Escalation.At.AddSeconds(policy.SlaSeconds), view.Escalation.DueAt);
        Assert.Equal(Author.System, (await grain.GetMessagesAsync(1))[0].Author);

        var result = await grain.PostMessageAsync(new PostMessage(Customer, "How do I reset my password?", "m1"));
        Assert.Null(result.Reply);
        Assert.Equal(ConversationStatus.Queued, result.Conversation.Status);
    }

    [Fact]
    public async Task RequestHuman_Twice_KeepsOneEscalation()
    {
        var (_, grain) = await NewConversationAsync();
        var first = await grain.RequestHumanAsync(Customer);
        var second = await grain.RequestHumanAsync(Customer);
        Assert.Single(second.Escalations);
        Assert.Equal(first.Escalation!.Id, second.Escalation!.Id);
        Assert.Equal(first.Version, second.Version);
    }

    [Fact]
    public async Task AgentMessage_ToAConversationItDoesNotOwn_IsForbidden_AndChangesNothing()
    {
        var (_, grain) = await NewConversationAsync();
        await grain.RequestHumanAsync(Customer);
        var before = await grain.GetAsync();

        var error = await Assert.ThrowsAsync<HitlException>(() =>
            grain.PostMessageAsync(new PostMessage(new Caller(CallerRole.Agent, "ana"), "Hi, I'm Ana", "a1")));
        Assert.Equal(HitlErrorCodes.Forbidden, error.Code);
        AssertUnchanged(before!, (await grain.GetAsync())!);
    }

    [Fact]
    public async Task Resolve_ByAnAgentThatDoesNotOwnIt_IsForbidden()
    {
        var (_, grain) = await NewConversationAsync();
        var error = await Assert.ThrowsAsync<HitlException>(() => grain.ResolveAsync(new Caller(CallerRole.Agent, "ana")));
        Assert.Equal(HitlErrorCodes.Forbidden, error.Code);
        Assert.Equal(ConversationStatus.Bot, (await grain.GetAsync())!.Status);
    }

    [Fact]
    public async Task Resolve_ByManager_ClosesTheEscalation_AndACustomerMessageReopensWithTheBot()
    {
        var (_, grain) = await NewConversationAsync();
        await grain.RequestHumanAsync(Customer);
        var resolved = await grain.ResolveAsync(new Caller(CallerRole.Manager, "boss"));
        Assert.Equal(ConversationStatus.Resolved, resolved.Status);
        Assert.Equal(OwnerKind.None, resolved.Owner.Kind);
        Assert.Null(resolved.Escalation);
        Assert.NotNull(Assert.Single(resolved.Escalations).ClosedAt);

        var again = await Assert.ThrowsAsync<HitlException>(() => grain.ResolveAsync(new Caller(CallerRole.Manager, "boss")));
        Assert.Equal(HitlErrorCodes.Conflict, again.Code);

        var result = await grain.PostMessageAsync(new PostMessage(Customer, "How do I reset my password?", "after"));
        Assert.Equal(ConversationStatus.Bot, result.Conversation.Status);
        Assert.NotNull(result.Reply);
    }

    [Fact]
    public async Task Messages_ReadAcrossTranscriptPages_InOrder_AndSurviveDeactivation()
    {
        var (_, grain) = await NewConversationAsync();
        await grain.RequestHumanAsync(Customer); // the bot stays silent: one message per call
        const int count = (3 * TranscriptLayout.PageSize) + 17;
        for (var i = 0; i < count; i++)
        {
            await grain.PostMessageAsync(new PostMessage(Customer, $"message {i}", $"m{i}"));
        }

        var total = (await grain.GetAsync())!.MessageCount;
        Assert.Equal(count + 1, total); // + the SYSTEM handoff notice

        await fixture.Cluster.DeactivateAsync(grain);
        var last = await grain.GetMessagesAsync(200);
        Assert.Equal(200, last.Count);
        Assert.Equal(Enumerable.Range((int)total - 200, 200).Select(i => (long)i), last.Select(m => m.Seq));
        Assert.Equal($"message {count - 1}", last[^1].Text);
        Assert.Equal($"message {count - 200}", last[0].Text);

        // A retry of a message that now lives in a page (but is among the last client message ids remembered) still returns it.
        var old = count - Conversation.RememberedClientMessages + 4;
        Assert.NotNull(TranscriptLayout.PageOf(old + 1, (int)((total - TranscriptLayout.Keep) / TranscriptLayout.PageSize)));
        var retry = await grain.PostMessageAsync(new PostMessage(Customer, $"message {old}", $"m{old}"));
        Assert.Equal($"message {old}", retry.Message.Text);
        Assert.Equal(total, retry.Conversation.MessageCount);
    }

    [Fact]
    public async Task Retries_Replay_WithinTheRememberedWindow_AndAnOlderIdCountsAsNew()
    {
        var (_, grain) = await NewConversationAsync();
        await grain.RequestHumanAsync(Customer); // the bot stays silent: one message per call
        var count = Conversation.RememberedClientMessages + 6;
        for (var i = 0; i < count; i++)
        {
            await grain.PostMessageAsync(new PostMessage(Customer, $"message {i}", $"m{i}"));
        }

        var before = (await grain.GetAsync())!.MessageCount;

        // The newest ids are remembered, also after the grain reloads its state.
        await fixture.Cluster.DeactivateAsync(grain);
        var recent = await grain.PostMessageAsync(new PostMessage(Customer, $"message {count - Conversation.RememberedClientMessages}", $"m{count - Conversation.RememberedClientMessages}"));
        Assert.Equal(before, recent.Conversation.MessageCount);

        // The oldest fell out of the window: sent again, it is a new message.
        var old = await grain.PostMessageAsync(new PostMessage(Customer, "message 0", "m0"));
        Assert.Equal(before + 1, old.Conversation.MessageCount);
    }

    [Fact]
    public async Task GetMessages_ZeroOrMoreThanExist()
    {
        var (_, grain) = await NewConversationAsync("I forgot my password");
        Assert.Empty(await grain.GetMessagesAsync(0));
        Assert.Equal(2, (await grain.GetMessagesAsync(50)).Count);
    }

    private static void AssertSame(ChatMessage expected, ChatMessage actual)
    {
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.Seq, actual.Seq);
        Assert.Equal(expected.Author, actual.Author);
        Assert.Equal(expected.Text, actual.Text);
        Assert.Equal(expected.At, actual.At);
        Assert.Equal(expected.Confidence, actual.Confidence);
        Assert.Equal(expected.Sources, actual.Sources);
    }

    private static void AssertUnchanged(ConversationView before, ConversationView after)
    {
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.MessageCount, after.MessageCount);
        Assert.Equal(before.Status, after.Status);
        Assert.Equal(before.Owner, after.Owner);
        Assert.Equal(before.UpdatedAt, after.UpdatedAt);
    }
}
