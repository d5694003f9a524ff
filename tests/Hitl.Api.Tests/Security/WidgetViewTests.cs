using System.Text.Json;
using Hitl.Api.Tests.Live;

namespace Hitl.Api.Tests.Security;

/// <summary>
/// The chat widget's view, written down: what a widget selects works for a customer without a single
/// error, and every staff-only field is refused to the customer (FORBIDDEN, never its value) over
/// the query, the sendMessage payload and the conversationChanged events alike, while staff read it.
/// </summary>
[Collection(LiveCollection.Name)]
public sealed class WidgetViewTests(LiveFixture live)
{
    // An agent id that cannot appear in generated ids or texts by chance.
    private const string AgentId = "agent-zq7";

    private LiveServer Server => live.Server;

    [Fact]
    public async Task The_widget_runs_a_whole_conversation_as_a_customer_without_errors()
    {
        var t = await Server.Client.CreateTenantWithArticlesAsync();
        var tenant = t.Id;
        var agent = await Server.Client.TokenAsync(tenant, t.ApiKey, "AGENT", AgentId);
        (await Server.Client.PostAsync("mutation { setPresence(input: { presence: AWAY, queues: [\"support\"] }) { id } }", null, agent)).Ok();

        var started = (await Server.Client.PostAsync(WidgetView.Start, new { i = new { tenant, customerName = "Casey" } })).Ok().GetProperty("startConversation");
        var customer = started.GetProperty("token").GetString()!;
        var id = started.GetProperty("conversation").GetProperty("id").GetString()!;

        await using var widget = await WsClient.ReadyAsync(Server.WebSocketUri, customer);
        await widget.SubscribeAsync("c", WidgetView.Watch, new { id });
        Assert.Equal("SNAPSHOT", (await NextCleanAsync(widget, "c", _ => true)).GetProperty("kind").GetString());

        var sent = (await Server.Client.PostAsync(WidgetView.Send, WidgetView.SendInput(id, "How do I share a folder?", "m1"), customer)).Ok().GetProperty("sendMessage");
        Assert.Equal(JsonValueKind.Null, sent.GetProperty("message").GetProperty("authorName").ValueKind);
        await NextCleanAsync(widget, "c", e => e.GetProperty("kind").GetString() == "MESSAGE");

        (await Server.Client.PostAsync(WidgetView.RequestHuman, new { id }, customer)).Ok();
        await NextCleanAsync(widget, "c", e => e.GetProperty("kind").GetString() == "ESCALATED");
        (await Server.Client.PostAsync("mutation { acceptNext(queue: \"support\") { id } }", null, agent)).Ok();
        var assigned = await NextCleanAsync(widget, "c", e => e.GetProperty("kind").GetString() == "ASSIGNED");
        Assert.Equal("AGENT", assigned.GetProperty("conversation").GetProperty("owner").GetProperty("kind").GetString());

        // The agent's words reach the widget under a display name, never the agent's id; an agent without a name is "Support".
        (await Server.Client.PostAsync(WidgetView.Send, WidgetView.SendInput(id, "Hi Casey, how can I help?", "a1"), agent)).Ok();
        var answer = await NextCleanAsync(widget, "c", e => e.GetProperty("kind").GetString() == "MESSAGE" && e.GetProperty("message").GetProperty("author").GetString() == "AGENT");
        Assert.Equal("Support", answer.GetProperty("message").GetProperty("authorName").GetString());
        Assert.DoesNotContain(AgentId, answer.GetRawText(), StringComparison.Ordinal);

        var transcript = (await Server.Client.PostAsync(WidgetView.Conversation, new { id }, customer)).Ok().GetProperty("conversation");
        var messages = transcript.GetProperty("messages").EnumerateArray().ToList();
        Assert.All(messages.Where(m => m.GetProperty("author").GetString() == "AGENT"), m => Assert.Equal("Support", m.GetProperty("authorName").GetString()));
        Assert.All(messages.Where(m => m.GetProperty("author").GetString() != "AGENT"), m => Assert.Equal(JsonValueKind.Null, m.GetProperty("authorName").ValueKind));
        Assert.DoesNotContain(AgentId, transcript.GetRawText(), StringComparison.Ordinal);

        (await Server.Client.PostAsync(WidgetView.Resolve, new { id }, customer)).Ok();
        await NextCleanAsync(widget, "c", e => e.GetProperty("kind").GetString() == "RESOLVED");
        Assert.Equal(5, (await Server.Client.PostAsync(WidgetView.Rate, new { id, score = 5 }, customer)).Ok().GetProperty("rateConversation").GetProperty("csat").GetInt32());
        await NextCleanAsync(widget, "c", e => e.GetProperty("kind").GetString() == "RATED");
    }

    [Fact]
    public async Task The_anonymous_caller_of_startConversation_reads_its_messages_but_no_staff_only_field()
    {
        var t = await Server.Client.CreateTenantWithArticlesAsync();
        var started = (await Server.Client.PostAsync(WidgetView.Start, new { i = new { tenant = t.Id, customerName = "Casey", text = "How do I share a folder?" } })).Ok().GetProperty("startConversation");
        Assert.Equal(2, started.GetProperty("conversation").GetProperty("messages").GetArrayLength());

        var refused = await Server.Client.PostAsync(
            "mutation($i: StartConversationInput!) { startConversation(input: $i) { token conversation { id escalation { id } messages { id confidence } } } }",
            new { i = new { tenant = t.Id, customerName = "Casey", text = "How do I share a folder?" } });
        var codes = StaffViewScenario.Codes(refused.Body);
        Assert.NotEmpty(codes);
        Assert.All(codes, code => Assert.Equal("FORBIDDEN", code));
        StaffViewScenario.AssertNoValue(refused.Body, "confidence");
        StaffViewScenario.AssertNoValue(refused.Body, "escalation");
    }

    [Fact]
    public async Task An_agent_signed_in_with_a_named_invite_answers_under_that_name_and_never_its_id()
    {
        var t = await Server.Client.CreateTenantWithArticlesAsync();
        var admin = await Server.Client.TokenAsync(t.Id, t.ApiKey, "ADMIN", "root");
        var invite = (await Server.Client.PostAsync(InviteTests.CreateInvite, new { i = new { role = "AGENT", subject = AgentId, name = "Ava Rossi" } }, admin)).Ok();
        var code = System.Web.HttpUtility.ParseQueryString(new Uri(invite.GetProperty("createInvite").GetProperty("url").GetString()!).Query)["code"];
        var agent = (await Server.Client.PostAsync(InviteTests.RedeemInvite, new { c = code })).Ok().GetProperty("redeemInvite").GetProperty("token").GetString()!;
        (await Server.Client.PostAsync("mutation { setPresence(input: { presence: AWAY }) { id } }", null, agent)).Ok();

        var started = (await Server.Client.PostAsync(WidgetView.Start, new { i = new { tenant = t.Id, customerName = "Casey" } })).Ok().GetProperty("startConversation");
        var customer = started.GetProperty("token").GetString()!;
        var id = started.GetProperty("conversation").GetProperty("id").GetString()!;
        await using var widget = await WsClient.ReadyAsync(Server.WebSocketUri, customer);
        await widget.SubscribeAsync("c", WidgetView.Watch, new { id });
        await NextCleanAsync(widget, "c", e => e.GetProperty("kind").GetString() == "SNAPSHOT");
        (await Server.Client.PostAsync(WidgetView.RequestHuman, new { id }, customer)).Ok();
        (await Server.Client.PostAsync("mutation { acceptNext { id } }", null, agent)).Ok();

        (await Server.Client.PostAsync(WidgetView.Send, WidgetView.SendInput(id, "Hi Casey, Ava here.", "a1"), agent)).Ok();
        var answer = await NextCleanAsync(widget, "c", e => e.GetProperty("kind").GetString() == "MESSAGE" && e.GetProperty("message").GetProperty("author").GetString() == "AGENT");
        Assert.Equal("Ava Rossi", answer.GetProperty("message").GetProperty("authorName").GetString());

        var transcript = (await Server.Client.PostAsync(WidgetView.Conversation, new { id }, customer)).Ok().GetProperty("conversation");
        var said = Assert.Single(transcript.GetProperty("messages").EnumerateArray(), m => m.GetProperty("author").GetString() == "AGENT");
        Assert.Equal("Ava Rossi", said.GetProperty("authorName").GetString());
        Assert.DoesNotContain(AgentId, transcript.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(AgentId, answer.GetRawText(), StringComparison.Ordinal);
    }

    public static TheoryData<string, string> StaffOnlyFields => new()
    {
        { "conversation", "pendingDraft { id text }" },
        { "conversation", "escalation { id reasons { reason detail } }" },
        { "conversation", "escalations { id reasons { reason detail } }" },
        { "conversation", "sentiment" },
        { "conversation", "owner { agentId }" },
        { "message", "authorId" },
        { "message", "confidence" },
        { "message", "sources" },
        { "message", "sentiment" },
    };

    [Theory]
    [MemberData(nameof(StaffOnlyFields))]
    public async Task A_staff_only_field_is_refused_to_the_customer_in_the_query_and_read_by_a_manager(string on, string selection)
    {
        var s = await StaffViewScenario.CreateAsync(Server.Client);
        var query = on == "conversation"
            ? $"query($id: ID!) {{ conversation(id: $id) {{ id {selection} }} }}"
            : $"query($id: ID!) {{ conversation(id: $id) {{ id messages {{ id author {selection} }} }} }}";
        var before = await TranscriptAsync(s);

        var refused = await Server.Client.PostAsync(query, new { id = s.ConversationId }, s.Customer);
        Assert.Contains("FORBIDDEN", StaffViewScenario.Codes(refused.Body));
        StaffViewScenario.AssertNoValue(refused.Body, FieldName(selection));

        var read = (await Server.Client.PostAsync(query, new { id = s.ConversationId }, s.Manager)).Ok();
        Assert.Equal(JsonValueKind.Object, read.GetProperty("conversation").ValueKind);
        Assert.Equal(before, await TranscriptAsync(s));
    }

    [Theory]
    [MemberData(nameof(StaffOnlyFields))]
    public async Task A_staff_only_field_is_refused_to_the_customer_in_the_sendMessage_payload_and_read_by_the_agent(string on, string selection)
    {
        var s = await StaffViewScenario.CreateAsync(Server.Client);
        var mutation = on == "conversation"
            ? $"mutation($i: SendMessageInput!) {{ sendMessage(input: $i) {{ message {{ id }} conversation {{ id {selection} }} }} }}"
            : $"mutation($i: SendMessageInput!) {{ sendMessage(input: $i) {{ message {{ id {selection} }} conversation {{ id }} }} }}";

        var refused = await Server.Client.PostAsync(mutation, WidgetView.SendInput(s.ConversationId, "I am still here, thank you", "c2"), s.Customer);
        Assert.Contains("FORBIDDEN", StaffViewScenario.Codes(refused.Body));
        StaffViewScenario.AssertNoValue(refused.Body, FieldName(selection));

        var read = (await Server.Client.PostAsync(mutation, WidgetView.SendInput(s.ConversationId, "Thanks, checking now.", "a2"), s.Agent)).Ok();
        Assert.Equal(JsonValueKind.Object, read.GetProperty("sendMessage").ValueKind);
    }

    [Theory]
    [MemberData(nameof(StaffOnlyFields))]
    public async Task A_staff_only_field_is_refused_in_the_customers_conversationChanged_events_and_read_by_a_manager(string on, string selection)
    {
        var s = await StaffViewScenario.CreateAsync(Server.Client);
        var subscription = on == "conversation"
            ? $"subscription($id: ID!) {{ conversationChanged(id: $id) {{ kind conversation {{ id {selection} }} }} }}"
            : $"subscription($id: ID!) {{ conversationChanged(id: $id) {{ kind message {{ id {selection} }} }} }}";
        await using var customer = await WsClient.ReadyAsync(Server.WebSocketUri, s.Customer);
        await using var manager = await WsClient.ReadyAsync(Server.WebSocketUri, s.Manager);
        await customer.SubscribeAsync("c", subscription, new { id = s.ConversationId });
        await manager.SubscribeAsync("m", subscription, new { id = s.ConversationId });

        // The first state (both subscriptions are live once it arrived), then a message event (message fields are only on message events).
        var snapshot = await StaffViewScenario.ResultAsync(customer, "c");
        var staffSnapshot = await StaffViewScenario.ResultAsync(manager, "m");
        (await Server.Client.PostAsync(WidgetView.Send, WidgetView.SendInput(s.ConversationId, "Any news?", "c3"), s.Customer)).Ok();
        var message = await StaffViewScenario.ResultAsync(customer, "c", p => Codes(p).Count > 0 || IsMessageEvent(p));
        var refused = on == "conversation" ? snapshot : message;
        Assert.Contains("FORBIDDEN", StaffViewScenario.Codes(refused));
        StaffViewScenario.AssertNoValue(snapshot, FieldName(selection));
        StaffViewScenario.AssertNoValue(message, FieldName(selection));

        var staffMessage = await StaffViewScenario.ResultAsync(manager, "m", IsMessageEvent);
        Assert.Empty(StaffViewScenario.Codes(staffSnapshot));
        Assert.Empty(StaffViewScenario.Codes(staffMessage));
    }

    private static IReadOnlyList<string> Codes(JsonElement payload) => StaffViewScenario.Codes(payload);

    private static bool IsMessageEvent(JsonElement payload) =>
        payload.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
        && data.GetProperty("conversationChanged").GetProperty("kind").GetString() == "MESSAGE";

    /// <summary>The field a selection names ("owner { agentId }" names agentId).</summary>
    private static string FieldName(string selection)
    {
        var inner = selection.Contains('{', StringComparison.Ordinal) && selection.StartsWith("owner", StringComparison.Ordinal)
            ? selection[(selection.IndexOf('{', StringComparison.Ordinal) + 1)..]
            : selection;
        return inner.Trim().Split(' ', '{')[0];
    }

    /// <summary>The conversation as a manager sees it, to show a refused read changed nothing.</summary>
    private async Task<string> TranscriptAsync(StaffViewScenario s) =>
        (await Server.Client.PostAsync("query($id: ID!) { conversation(id: $id) { status messageCount escalations { id } owner { kind agentId } } }", new { id = s.ConversationId }, s.Manager)).Ok().GetRawText();

    /// <summary>The next event of the widget's subscription that matches, asserting it carries no error.</summary>
    private static async Task<JsonElement> NextCleanAsync(WsClient ws, string id, Func<JsonElement, bool> match)
    {
        var payload = await StaffViewScenario.ResultAsync(ws, id, p =>
            StaffViewScenario.Codes(p).Count > 0
            || (p.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object && match(data.GetProperty("conversationChanged"))));
        Assert.Empty(StaffViewScenario.Codes(payload));
        return payload.GetProperty("data").GetProperty("conversationChanged");
    }
}
