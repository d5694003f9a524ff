using GraphQL.Types;
using Hitl.Api.GraphQL;
using Hitl.Api.Tests.Live;
using Microsoft.Extensions.DependencyInjection;

namespace Hitl.Api.Tests.Security;

/// <summary>The served schema marks exactly the staff-only fields of DESIGN.md section 8; the per-request memo loads each key once.</summary>
[Collection(LiveCollection.Name)]
public sealed class StaffOnlySchemaTests(LiveFixture live)
{
    [Fact]
    public void The_staff_only_fields_are_the_drafts_escalations_sentiment_agent_ids_and_bot_evidence()
    {
        var schema = live.Server.Factory.Services.GetRequiredService<ISchema>();
        schema.Initialize();
        var marked = schema.AllTypes.OfType<IObjectGraphType>()
            .SelectMany(t => t.Fields.Where(f => f.IsStaffOnly()).Select(f => $"{t.Name}.{f.Name}"))
            .Order(StringComparer.Ordinal)
            .ToList();

        // Message.grade and Message.provenance join this list when they are served.
        Assert.Equal(
            [
                "Conversation.escalation", "Conversation.escalations", "Conversation.pendingDraft", "Conversation.sentiment",
                "Message.authorId", "Message.confidence", "Message.sentiment", "Message.sources",
                "Owner.agentId",
            ],
            marked);
    }

    [Fact]
    public async Task The_request_memo_loads_a_key_once_however_many_resolvers_ask_at_the_same_time()
    {
        var memo = new RequestMemo();
        var loads = 0;
        var gate = new TaskCompletionSource();
        async Task<string> LoadAsync(string name)
        {
            Interlocked.Increment(ref loads);
            await gate.Task;
            return name;
        }

        var asks = Enumerable.Range(0, 20).Select(_ => memo.GetAsync("agent-name:ava", () => LoadAsync("Ava"))).ToList();
        var other = memo.GetAsync("agent-name:ben", () => LoadAsync("Ben"));
        gate.SetResult();

        Assert.All(await Task.WhenAll(asks), name => Assert.Equal("Ava", name));
        Assert.Equal("Ben", await other);
        Assert.Equal(2, loads);
    }
}
