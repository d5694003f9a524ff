using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Hitl.Console.Tests;

/// <summary>
/// The day-one story in a real browser: a customer asks the chat page for a person, an agent sees it arrive live in
/// the inbox, claims it, replies; the customer sees the reply live, the agent resolves, the customer rates; the
/// manager's board counts the conversation and its CSAT.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed partial class SupportFlowTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task ACustomerAsksForAPerson_AnAgentClaimsRepliesAndResolves_TheCustomerRates_TheBoardCountsIt()
    {
        var (tenant, admin) = await fixture.Api.CreateTenantAsync();
        await fixture.Api.GrantAsync(admin, "ava", "support");
        var agent = await fixture.NewPageAsync();
        await agent.GotoAsync(await fixture.Api.InviteAsync(admin, "AGENT", "ava", "Ava Rossi"));
        await Expect(agent.GetByRole(AriaRole.Heading, new() { Name = "Inbox", Level = 1 })).ToBeVisibleAsync();

        // Away: nothing is offered to her automatically, so the item waits for her to claim it.
        await agent.GetByRole(AriaRole.Radio, new() { Name = "Away" }).CheckAsync();
        await Expect(agent.GetByRole(AriaRole.Radio, new() { Name = "Away" })).ToBeCheckedAsync();
        await agent.CheckAsync(fixture, "inbox-empty");

        // The customer, on the chat page a website embeds.
        var customer = await fixture.NewPageAsync(390, 844);
        await customer.GotoAsync($"/chat/{tenant}");
        await customer.GetByLabel("Your name (optional)").FillAsync("Casey");
        await customer.GetByRole(AriaRole.Button, new() { Name = "Start chat" }).ClickAsync();
        var messages = customer.GetByRole(AriaRole.Log, new() { Name = "Messages" });
        await customer.GetByRole(AriaRole.Textbox, new() { Name = "Message" }).FillAsync("I forgot my password");
        await customer.Keyboard.PressAsync("Enter");
        await Expect(messages).ToContainTextAsync("Forgot password");
        await customer.GetByRole(AriaRole.Button, new() { Name = "Talk to a person" }).ClickAsync();
        await Expect(customer.GetByText("Waiting for a person", new() { Exact = false })).ToBeVisibleAsync();
        await customer.CheckAsync(fixture, "chat-waiting");

        // It arrives in the agent's inbox live (no reload), and she claims it.
        var claim = agent.GetByRole(AriaRole.Button, new() { NameRegex = ClaimButton() });
        await Expect(claim).ToHaveCountAsync(1);
        await agent.CheckAsync(fixture, "inbox-waiting");
        await claim.ClickAsync();
        await Expect(agent).ToHaveURLAsync(ConversationUrl());
        await Expect(agent.GetByRole(AriaRole.Heading, new() { NameRegex = ConversationHeading(), Level = 1 })).ToBeVisibleAsync();
        await Expect(agent.GetByRole(AriaRole.Region, new() { Name = "Escalation" })).ToContainTextAsync("Explicit request: The customer asked for a person");

        var reply = agent.GetByRole(AriaRole.Textbox, new() { Name = "Reply to the customer" });
        await reply.FillAsync("Hi Casey, I have sent you a new reset link.");
        await reply.PressAsync("Enter");
        await Expect(reply).ToHaveValueAsync(string.Empty);
        await agent.CheckAsync(fixture, "conversation");

        // The customer sees the reply live, with the agent's name, never her id.
        await Expect(messages).ToContainTextAsync("I have sent you a new reset link");
        await Expect(messages).ToContainTextAsync("Ava Rossi");

        await agent.GetByRole(AriaRole.Button, new() { Name = "Resolve" }).ClickAsync();
        await Expect(agent.GetByRole(AriaRole.Status, new() { Name = "Conversation status" })).ToContainTextAsync("Resolved", new() { IgnoreCase = true });

        await customer.GetByRole(AriaRole.Button, new() { Name = "Rate 5 out of 5" }).ClickAsync();
        await Expect(customer.GetByText("Thank you for your rating: 5 out of 5.")).ToBeVisibleAsync();
        await customer.CheckAsync(fixture, "chat-rated");

        // The manager's board counts it: one conversation, resolved by a human, rated 5.
        var manager = await fixture.NewPageAsync();
        await manager.GotoAsync(await fixture.Api.InviteAsync(admin, "MANAGER", "mira", "Mira Lane"));
        await manager.GetByRole(AriaRole.Link, new() { Name = "Board" }).ClickAsync();
        await Expect(manager.GetByRole(AriaRole.Heading, new() { Name = "Board", Level = 1 })).ToBeVisibleAsync();
        var window = manager.GetByRole(AriaRole.Region, new() { Name = "Conversations in this window" });
        await Expect(window).ToContainTextAsync(new Regex(@"Resolved by a human\s*1"), new() { UseInnerText = true, Timeout = 30_000 });
        var csat = manager.GetByRole(AriaRole.Region, new() { Name = "Customer satisfaction" });
        await Expect(csat).ToContainTextAsync(new Regex(@"Ratings:\s*1"), new() { UseInnerText = true, Timeout = 30_000 });
        await Expect(csat.GetByRole(AriaRole.Table)).ToContainTextAsync("5");
        await manager.CheckAsync(fixture, "board");
    }

    [Fact]
    public async Task Messages_AreShownAsText_NeverAsMarkup()
    {
        const string Markup = "<img src=x onerror=\"window.__pwned=1\"> <b>bold</b> <script>window.__pwned=2</script>";
        var (tenant, admin) = await fixture.Api.CreateTenantAsync();
        var customer = await fixture.NewPageAsync();
        await customer.GotoAsync($"/chat/{tenant}");
        await customer.GetByRole(AriaRole.Button, new() { Name = "Start chat" }).ClickAsync();
        await customer.GetByRole(AriaRole.Textbox, new() { Name = "Message" }).FillAsync(Markup);
        await customer.Keyboard.PressAsync("Enter");
        var messages = customer.GetByRole(AriaRole.Log, new() { Name = "Messages" });
        await Expect(messages).ToContainTextAsync(Markup);
        await Expect(messages.Locator("img, b, script")).ToHaveCountAsync(0);

        var manager = await fixture.NewPageAsync();
        await manager.GotoAsync(await fixture.Api.InviteAsync(admin, "MANAGER", "mira", "Mira Lane"));
        await Expect(manager.GetByRole(AriaRole.Heading, new() { Name = "Inbox", Level = 1 })).ToBeVisibleAsync();
        var conversationId = await customer.EvaluateAsync<string>($"() => JSON.parse(sessionStorage.getItem('hitl.customer.{tenant}')).conversationId");
        Assert.False(string.IsNullOrEmpty(conversationId));
        await manager.GotoAsync($"/conversations/{conversationId}");
        var transcript = manager.GetByRole(AriaRole.Log, new() { Name = "Transcript messages" });
        await Expect(transcript).ToContainTextAsync(Markup);
        await Expect(transcript.Locator("img, b, script")).ToHaveCountAsync(0);
        Assert.Null(await customer.EvaluateAsync<int?>("() => window.__pwned ?? null"));
        Assert.Null(await manager.EvaluateAsync<int?>("() => window.__pwned ?? null"));
    }

    [GeneratedRegex("^Claim conversation ")]
    private static partial Regex ClaimButton();

    [GeneratedRegex("/conversations/[^/]+$")]
    private static partial Regex ConversationUrl();

    [GeneratedRegex("^Conversation ")]
    private static partial Regex ConversationHeading();
}
