using Hitl.Grains.Common;
using Hitl.Grains.Conversations;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;

namespace Hitl.Grains.Tests.Grains;

/// <summary>A conversation stored by an earlier version still loads and behaves: installs upgrade in place.</summary>
[Collection(ClusterCollection.Name)]
public sealed class StoredConversationFormatTests(ClusterFixture fixture)
{
    /// <summary>
    /// A ConversationState as the build before packed client message ids stored it (commit 7c42f5a): four tail
    /// messages (two share one sources list, so the bytes hold a back-reference) and three remembered ids
    /// in <see cref="ConversationState.RecentClientMessages"/>: c:start → 0/1, c:m-1 → 2/3, s:ana:n-1 → 4.
    /// </summary>
    private const string Legacy =
        "IAADQQlEYW5hIYAA3FWz+jffCIEAAAAAAAAAAOAhgABo3Pr6N98IgQAAAAAAAAAA4CHoAAEh6AABwQHBASGAAIC19/V/nwiBAAAAAAAAAADg4MEB4CHgwQGBAAAAAAAA0L/BAQERAQEhAAkh6EAVY19sZWdhY3ktMAEBAQHBAUE3SG93IGRvIEkgcmVzZXQgbXkgcGFzc3dvcmQ/IYAA3FWz+jffCIEAAAAAAAAAAODBASk14IGamZmZmZm5v+Ag6EAVY19sZWdhY3ktMQEFAQXBAUExT3BlbiBTZXR0aW5ncywgU2VjdXJpdHkuIYCAcu6z+jffCIEAAAAAAAAAAOCBPQrXo3A96j8xAcPZbj5NUmVhZE9ubHlMaXN0SW50ZXJmYWNlQ29kZWNgMVtbc3RyaW5nXV0ABUEdcmVzZXQtcGFzc3dvcmRAFXR3by1mYWN0b3LgwQHgIOhAFWNfbGVnYWN5LTIBCQEBwQFBH0FuZCB0d28tZmFjdG9yPyGAACIZ1/o33wiBAAAAAAAAAADgwQHJNU2BmpmZmZmZ2b/gIOhAFWNfbGVnYWN5LTMBDQEFwQFBL1R1cm4gaXQgb24gaW4gU2VjdXJpdHkuIYAAaNz6+jffCIEAAAAAAAAAAOCBpHA9Ctej6D/ZA2XBAeDgIQAHIehAD2M6c3RhcnQBAQEF4CDoQAtjOm0tMQEJAQ3gIOhAE3M6YW5hOm4tMQERwQHg4AEZAQkhAAXBQ8B54MEBwQEh4MEB4A==";

    private static readonly Caller Customer = new(CallerRole.Customer, "customer");

    private static readonly Serializer Serializer = new ServiceCollection()
        .AddSerializer(s => s.AddAssembly(typeof(ConversationState).Assembly))
        .BuildServiceProvider()
        .GetRequiredService<Serializer>();

    [Fact]
    public void TheEarlierFormat_Deserializes_WithItsMessagesAndRememberedIds()
    {
        var state = Serializer.Deserialize<ConversationState>(Convert.FromBase64String(Legacy))!;

        Assert.True(state.Started);
        Assert.Equal("Dana", state.CustomerName);
        Assert.Equal(4, state.MessageCount);
        Assert.Equal([0L, 1, 2, 3], state.Tail.Select(m => m.Seq));
        Assert.Equal("Turn it on in Security.", state.Tail[3].Text);
        Assert.Equal(["reset-password", "two-factor"], state.Tail[1].Sources);
        Assert.Equal(state.Tail[1].Sources, state.Tail[3].Sources);
        Assert.Empty(state.Tail[0].Sources);
        Assert.Null(state.PackedClientMessages);

        var window = ClientMessageWindow.Load(state, Conversation.RememberedClientMessages);
        Assert.Equal(["c:start", "c:m-1", "s:ana:n-1"], window.Records.Select(r => r.Key));
        Assert.True(window.TryGet("c:m-1", out var record));
        Assert.Equal((2L, 3L), (record.MessageSeq, record.ReplySeq!.Value));
    }

    [Fact]
    public async Task AConversationStoredInTheEarlierFormat_ReplaysItsRememberedIds_AndIsRewrittenPacked()
    {
        var tenant = await TestTenants.CreateAsync(fixture.Grains);
        var grain = fixture.Grains.GetGrain<IConversationGrain>(GrainKeys.Scoped(tenant, Ids.New("c_")));
        var storage = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(HitlStorage.Name);
        var stored = new GrainState<ConversationState>(Serializer.Deserialize<ConversationState>(Convert.FromBase64String(Legacy))!);
        await storage.WriteStateAsync("conversation", grain.GetGrainId(), stored);

        // A retry of an id the earlier version remembered returns what it produced, and adds nothing.
        var retry = await grain.PostMessageAsync(new PostMessage(Customer, "And two-factor?", "m-1"));
        Assert.Equal(2, retry.Message.Seq);
        Assert.Equal("Turn it on in Security.", retry.Reply?.Text);
        Assert.Equal(4, retry.Conversation.MessageCount);

        // The next new message writes the window packed, with the earlier ids still in it.
        var next = await grain.PostMessageAsync(new PostMessage(Customer, "How do I reset my password?", "m-2"));
        Assert.Equal(4, next.Message.Seq);
        var reread = new GrainState<ConversationState>();
        await storage.ReadStateAsync("conversation", grain.GetGrainId(), reread);
        Assert.Empty(reread.State!.RecentClientMessages);
        var window = ClientMessageWindow.Load(reread.State, Conversation.RememberedClientMessages);
        Assert.Equal(["c:start", "c:m-1", "s:ana:n-1", "c:m-2"], window.Records.Select(r => r.Key));

        // And after a reload from storage the packed window still answers retries.
        await fixture.Cluster.DeactivateAsync(grain);
        var again = await grain.PostMessageAsync(new PostMessage(Customer, "And two-factor?", "m-1"));
        Assert.Equal(2, again.Message.Seq);
        Assert.Equal(next.Conversation.MessageCount, again.Conversation.MessageCount);
    }
}
