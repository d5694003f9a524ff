using System.Text.Json;
using System.Text.Json.Nodes;
using Hitl.Api.Tests.Infrastructure;

namespace Hitl.Api.Tests.Flows;

/// <summary>The escalation engine seen through the API: what the customer gets and what staff see.</summary>
[Collection(ApiCollection.Name)]
public sealed class EscalationFlowTests(ApiFixture fixture)
{
    private GraphQLClient Client => fixture.Client;

    // The customer sends with the widget's selection; what staff see of the result is read by a manager
    // (sentiment, drafts and escalations are staff-only).
    private const string Send = """
        mutation($i: SendMessageInput!) {
          sendMessage(input: $i) {
            message { id author }
            reply { text }
          }
        }
        """;

    private const string StaffView = """
        query($id: ID!) {
          conversation(id: $id) {
            status
            sentiment
            owner { kind queue }
            pendingDraft { text confidence sources }
            escalation { queue priority dueAt reasons { reason detail score } }
            messages(last: 5) { id sentiment }
          }
        }
        """;

    /// <summary>The customer says <paramref name="text"/>; returns the reply the customer got, and the message and conversation as staff see them.</summary>
    private async Task<JsonElement> SayAsync(string conversation, string text, string token, string staffToken)
    {
        var sent = (await Client.PostAsync(Send, new { i = new { conversationId = conversation, text, clientMessageId = Guid.NewGuid().ToString("N") } }, token)).Ok().GetProperty("sendMessage");
        var staff = (await Client.PostAsync(StaffView, new { id = conversation }, staffToken)).Ok().GetProperty("conversation");
        var messageId = sent.GetProperty("message").GetProperty("id").GetString();
        var message = staff.GetProperty("messages").EnumerateArray().Single(m => m.GetProperty("id").GetString() == messageId);
        var view = new JsonObject
        {
            ["message"] = new JsonObject { ["author"] = sent.GetProperty("message").GetProperty("author").GetString(), ["sentiment"] = JsonNode.Parse(message.GetProperty("sentiment").GetRawText()) },
            ["reply"] = JsonNode.Parse(sent.GetProperty("reply").GetRawText()),
            ["conversation"] = JsonNode.Parse(staff.GetRawText()),
        };
        return JsonDocument.Parse(view.ToJsonString()).RootElement.Clone();
    }

    [Fact]
    public async Task AskingForAPerson_InWords_Escalates_AndNoBotAnswerReachesTheCustomer()
    {
        var tenant = await Client.CreateTenantWithArticlesAsync();
        var (id, token) = await Client.StartConversationAsync(tenant.Id);
        var payload = await SayAsync(id, "How do I reset my password? Actually, can I talk to a human please", token, tenant.ManagerToken);

        Assert.Equal(JsonValueKind.Null, payload.GetProperty("reply").ValueKind);
        var conversation = payload.GetProperty("conversation");
        Assert.Equal("QUEUED", conversation.GetProperty("status").GetString());
        Assert.Equal("support", conversation.GetProperty("owner").GetProperty("queue").GetString());
        var reasons = conversation.GetProperty("escalation").GetProperty("reasons");
        Assert.Contains(reasons.EnumerateArray(), r => r.GetProperty("reason").GetString() == "EXPLICIT_REQUEST");

        var transcript = (await Client.PostAsync("query($id: ID!) { conversation(id: $id) { messages { author text } } }", new { id }, token)).Ok()
            .GetProperty("conversation").GetProperty("messages");
        Assert.DoesNotContain(transcript.EnumerateArray(), m => m.GetProperty("author").GetString() == "BOT");
        Assert.Equal("SYSTEM", transcript[transcript.GetArrayLength() - 1].GetProperty("author").GetString());
    }

    [Fact]
    public async Task AmountRule_RoutesToItsQueue_WithTheAmountAsScore()
    {
        var tenant = await Client.CreateTenantWithArticlesAsync();
        var (id, token) = await Client.StartConversationAsync(tenant.Id);
        var escalation = (await SayAsync(id, "I need a refund of $249 for the annual plan I bought by mistake", token, tenant.ManagerToken))
            .GetProperty("conversation").GetProperty("escalation");
        Assert.Equal("billing", escalation.GetProperty("queue").GetString());
        Assert.Equal(2, escalation.GetProperty("priority").GetInt32());
        var rule = escalation.GetProperty("reasons").EnumerateArray().Single(r => r.GetProperty("reason").GetString() == "RULE");
        Assert.Equal(249, rule.GetProperty("score").GetDouble());
    }

    [Fact]
    public async Task CustomerMessages_ShowTheirSentiment()
    {
        var tenant = await Client.CreateTenantWithArticlesAsync();
        var (id, token) = await Client.StartConversationAsync(tenant.Id);
        var payload = await SayAsync(id, "thank you so much, how do I share a folder?", token, tenant.ManagerToken);
        Assert.True(payload.GetProperty("message").GetProperty("sentiment").GetDouble() > 0);
        Assert.True(payload.GetProperty("conversation").GetProperty("sentiment").GetDouble() > 0);
    }

    [Fact]
    public async Task ReviewTurnedOn_HoldsTheAnswerAsADraft_AndTheManagerSeesIt()
    {
        var tenant = await Client.CreateTenantWithArticlesAsync();
        (await Client.PostAsync("mutation { updatePolicy(input: { reviewBelow: 1.0 }) { reviewBelow } }", token: tenant.ManagerToken)).Ok();
        var (id, token) = await Client.StartConversationAsync(tenant.Id);

        var payload = await SayAsync(id, "my colleague needs to edit files in one of my folders from her tablet this weekend, what do I do?", token, tenant.ManagerToken);
        Assert.Equal(JsonValueKind.Null, payload.GetProperty("reply").ValueKind);
        var draft = payload.GetProperty("conversation").GetProperty("pendingDraft");
        Assert.Equal("share-folder", draft.GetProperty("sources")[0].GetString());

        var seen = (await Client.PostAsync("query($id: ID!) { conversation(id: $id) { status pendingDraft { text } messages { author } } }", new { id }, tenant.ManagerToken)).Ok()
            .GetProperty("conversation");
        Assert.Equal("BOT", seen.GetProperty("status").GetString());
        Assert.Equal(draft.GetProperty("text").GetString(), seen.GetProperty("pendingDraft").GetProperty("text").GetString());
        Assert.Equal(1, seen.GetProperty("messages").GetArrayLength());
    }

    [Theory]
    [InlineData("{ negativeSentiment: -1.5 }")]
    [InlineData("{ repeatSimilarity: 1.2 }")]
    [InlineData("{ outOfScopeBelow: -0.1 }")]
    [InlineData("{ sensitiveTopics: [{ name: \"x\", phrases: [], queue: \"q\", priority: 1 }] }")]
    [InlineData("{ amountRules: [{ name: \"r\", phrases: [\"refund\"], above: -5, queue: \"q\", priority: 1 }] }")]
    [InlineData("{ amountRules: [{ name: \"r\", phrases: [\"refund\"], above: 5, queue: \"\", priority: 1 }] }")]
    public async Task InvalidPolicy_IsBadInput_AndThePolicyStays(string input)
    {
        var tenant = await Client.CreateTenantWithArticlesAsync();
        (await Client.PostAsync($"mutation {{ updatePolicy(input: {input}) {{ version }} }}", token: tenant.ManagerToken)).AssertError("BAD_USER_INPUT");
        var policy = (await Client.PostAsync("{ policy { version amountRules { above } } }", token: tenant.ManagerToken)).Ok().GetProperty("policy");
        Assert.Equal(1, policy.GetProperty("version").GetInt32());
        Assert.Equal(100, policy.GetProperty("amountRules")[0].GetProperty("above").GetDouble());
    }
}
