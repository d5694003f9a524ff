using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Hitl.Console.Tests;

[Collection(ConsoleCollection.Name)]
public sealed partial class ReviewAndKnowledgeTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task ADraftHeldForReview_IsApprovedOnTheReviewPage_AndTheCustomerGetsItLive()
    {
        var (tenant, admin) = await fixture.Api.CreateTenantAsync();

        // Every answer below 0.99 confidence is held for a reviewer.
        await fixture.Api.PostAsync("mutation($i: PolicyInput!) { updatePolicy(input: $i) { version } }", new { i = new { reviewBelow = 0.99 } }, admin);

        var customer = await fixture.NewPageAsync(390, 844);
        await customer.GotoAsync($"/chat/{tenant}");
        await customer.GetByRole(AriaRole.Button, new() { Name = "Start chat" }).ClickAsync();
        await customer.GetByRole(AriaRole.Textbox, new() { Name = "Message" }).FillAsync("where do I find the PDF of my invoice");
        await customer.Keyboard.PressAsync("Enter");
        var messages = customer.GetByRole(AriaRole.Log, new() { Name = "Messages" });
        await Expect(messages).ToContainTextAsync("where do I find the PDF of my invoice");
        await Expect(messages).Not.ToContainTextAsync("Settings > Billing > Invoices");

        var manager = await fixture.NewPageAsync();
        await manager.GotoAsync(await fixture.Api.InviteAsync(admin, "MANAGER", "mira", "Mira Lane"));
        await manager.GetByRole(AriaRole.Link, new() { Name = "Review" }).ClickAsync();
        var draft = manager.GetByRole(AriaRole.Region, new() { NameRegex = DraftRegion() });
        await Expect(draft).ToHaveCountAsync(1);
        await Expect(draft).ToContainTextAsync("where do I find the PDF of my invoice");
        await Expect(draft).ToContainTextAsync("Settings > Billing > Invoices");
        await Expect(draft.GetByRole(AriaRole.List, new() { Name = "Sources" })).ToContainTextAsync("Finding invoices");
        await manager.CheckAsync(fixture, "review");

        await draft.GetByRole(AriaRole.Button, new() { Name = "Approve draft" }).ClickAsync();
        await Expect(manager.GetByText("approved and sent", new() { Exact = false })).ToBeVisibleAsync();
        await Expect(manager.GetByRole(AriaRole.Region, new() { NameRegex = DraftRegion() })).ToHaveCountAsync(0);

        // The customer sees the approved answer without a reload.
        await Expect(messages).ToContainTextAsync("Settings > Billing > Invoices");
    }

    [Fact]
    public async Task AnArticleCreatedOnKnowledge_IsPreviewedByTryIt_AndAnsweredOnTheChatPage()
    {
        var (tenant, admin) = await fixture.Api.CreateTenantAsync();
        var manager = await fixture.NewPageAsync();
        await manager.GotoAsync(await fixture.Api.InviteAsync(admin, "MANAGER", "mira", "Mira Lane"));
        await manager.GetByRole(AriaRole.Link, new() { Name = "Knowledge" }).ClickAsync();
        await Expect(manager.GetByRole(AriaRole.Heading, new() { Name = "Knowledge", Level = 1 })).ToBeVisibleAsync();

        await manager.GetByRole(AriaRole.Button, new() { Name = "New article" }).ClickAsync();
        var form = manager.GetByRole(AriaRole.Region, new() { Name = "New article" });
        await form.GetByLabel("Title").FillAsync("Gift cards");
        await form.GetByLabel("Body").FillAsync("Gift cards never expire and can be used for any plan, monthly or yearly.");
        await form.GetByLabel("Example questions (one per line)").FillAsync("Do gift cards expire?\nHow long is a gift card valid?");
        await form.GetByRole(AriaRole.Button, new() { Name = "Create article" }).ClickAsync();
        await Expect(manager.GetByText("Saved “Gift cards”", new() { Exact = false })).ToBeVisibleAsync();
        await Expect(manager.GetByRole(AriaRole.Table, new() { Name = "Articles" })).ToContainTextAsync("Gift cards");

        var tryIt = manager.GetByRole(AriaRole.Region, new() { Name = "Try it" });
        await tryIt.GetByLabel("Customer message").FillAsync("do gift cards expire");
        await tryIt.GetByRole(AriaRole.Button, new() { Name = "Preview answer" }).ClickAsync();
        await Expect(manager.GetByRole(AriaRole.List, new() { Name = "Preview sources" })).ToContainTextAsync("Gift cards");
        await Expect(manager.GetByRole(AriaRole.Status, new() { Name = "Decision" })).ToBeVisibleAsync();
        await manager.CheckAsync(fixture, "knowledge");

        var customer = await fixture.NewPageAsync();
        await customer.GotoAsync($"/chat/{tenant}");
        await customer.GetByRole(AriaRole.Button, new() { Name = "Start chat" }).ClickAsync();
        await customer.GetByRole(AriaRole.Textbox, new() { Name = "Message" }).FillAsync("do gift cards expire");
        await customer.Keyboard.PressAsync("Enter");
        await Expect(customer.GetByRole(AriaRole.Log, new() { Name = "Messages" })).ToContainTextAsync("Gift cards never expire");
        await customer.CheckAsync(fixture, "chat-answered");
    }

    [GeneratedRegex("^Draft for conversation ")]
    private static partial Regex DraftRegion();
}
