using System.Collections.Concurrent;
using Hitl.Grains.Common;
using Hitl.Grains.Conversations;
using Hitl.Grains.Live;

namespace Hitl.Grains.Tests.Grains;

/// <summary>Watchers hear of every message, also of those whose command moved a full page out of the conversation's tail.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ConversationWatcherPagingTests(ClusterFixture fixture)
{
    private static readonly Caller Customer = new(CallerRole.Customer, "customer");

    [Fact]
    public async Task EveryMessage_ReachesWatchers_WithItsText_AcrossPageFlushes()
    {
        var tenant = await TestTenants.CreateAsync(fixture.Grains);
        var grain = fixture.Grains.GetGrain<IConversationGrain>(GrainKeys.Scoped(tenant, Ids.New("c_")));
        await grain.StartAsync("Dana", null);
        var watcher = new Watcher();
        var reference = fixture.Cluster.Client.CreateObjectReference<ILiveObserver>(watcher);
        try
        {
            await grain.WatchAsync(reference);

            // One message per command until the tail is one short of a flush (the bot is silent while a person is asked for) ...
            await grain.RequestHumanAsync(Customer);
            var oneEach = TranscriptLayout.PageSize + TranscriptLayout.Keep - 2 - 1;
            for (var i = 0; i < oneEach; i++)
            {
                await grain.PostMessageAsync(new PostMessage(Customer, $"message {i}", $"m{i}"));
            }

            // ... then a command that adds two (the customer's question and the bot's answer) fills the page: it moves out.
            await grain.ResolveAsync(Customer);
            var last = await grain.PostMessageAsync(new PostMessage(Customer, "How do I reset my password?", "question"));
            Assert.NotNull(last.Reply);
            var total = last.Conversation.MessageCount;
            Assert.Equal(TranscriptLayout.PageSize + TranscriptLayout.Keep, total);
            Assert.Equal([0], TranscriptLayout.PagesFor(total, flushedPages: 1, last: (int)total));

            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (watcher.Messages.Count < total && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }

            var seen = watcher.Messages.ToArray().OrderBy(m => m.Seq).ToList();
            Assert.Equal(Enumerable.Range(0, (int)total).Select(i => (long)i), seen.Select(m => m.Seq));
            Assert.Equal("How do I reset my password?", seen[^2].Text);
            Assert.Equal(last.Reply.Text, seen[^1].Text);
        }
        finally
        {
            fixture.Cluster.Client.DeleteObjectReference<ILiveObserver>(reference);
        }
    }

    private sealed class Watcher : ILiveObserver
    {
        public ConcurrentQueue<ChatMessage> Messages { get; } = new();

        public Task OnConversationChangedAsync(LiveNotice<ConversationChange> notice)
        {
            foreach (var change in notice.Changes)
            {
                if (change.Kind == ConversationEvents.Message)
                {
                    // A message event without its message would leave the widget with a gap: record it as one.
                    Messages.Enqueue(change.Message ?? new ChatMessage("missing", -1, Author.System, null, "", default, null, [], null));
                }
            }

            return Task.CompletedTask;
        }

        public Task OnQueueChangedAsync(LiveNotice<QueueChange> notice) => Task.CompletedTask;

        public Task OnAssignmentAsync(LiveNotice<AssignmentChange> notice) => Task.CompletedTask;

        public Task OnScoreboardChangedAsync(LiveNotice<ScoreboardChange> notice) => Task.CompletedTask;
    }
}
