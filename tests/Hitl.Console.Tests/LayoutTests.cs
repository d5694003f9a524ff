using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Hitl.Console.Tests;

/// <summary>Every page works in a 1280x800 window and does not break on a phone-width one (no sideways scrolling of the page).</summary>
[Collection(ConsoleCollection.Name)]
public sealed class LayoutTests(ConsoleFixture fixture)
{
    public static TheoryData<int, int> Windows => new() { { 1280, 800 }, { 390, 844 } };

    [Theory]
    [MemberData(nameof(Windows))]
    public async Task EveryPage_FitsTheWindow_AndPassesTheAccessibilityCheck(int width, int height)
    {
        var (tenant, admin) = await fixture.Api.CreateTenantAsync();
        var conversation = (await fixture.Api.PostAsync(
            "mutation($i: StartConversationInput!) { startConversation(input: $i) { conversation { id } } }",
            new { i = new { tenant, customerName = "Casey", text = "I forgot my password" } })).GetProperty("startConversation").GetProperty("conversation").GetProperty("id").GetString()!;

        var page = await fixture.NewPageAsync(width, height);
        await page.GotoAsync(await fixture.Api.InviteAsync(admin, "ADMIN", "ada", "Ada Admin"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Inbox", Level = 1 })).ToBeVisibleAsync();

        foreach (var (path, heading) in new[]
        {
            ("/inbox", "Inbox"),
            ($"/conversations/{conversation}", $"Conversation {conversation}"),
            ("/review", "Review"),
            ("/board", "Board"),
            ("/knowledge", "Knowledge"),
            ("/settings", "Settings"),
        })
        {
            await page.GotoAsync(path);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 1 })).ToBeVisibleAsync();
            await Expect(page.GetByText("Loading…")).ToHaveCountAsync(0);
            await AssertFitsAsync(page, width, path);
            await page.CheckAsync(fixture, $"{width}w{path.Replace('/', '-')}".Replace($"-{conversation}", string.Empty, StringComparison.Ordinal));
        }

        var customer = await fixture.NewPageAsync(width, height);
        await customer.GotoAsync($"/chat/{tenant}");
        await customer.GetByRole(AriaRole.Button, new() { Name = "Start chat" }).ClickAsync();
        await Expect(customer.GetByRole(AriaRole.Textbox, new() { Name = "Message" })).ToBeVisibleAsync();
        await AssertFitsAsync(customer, width, "/chat");
        await customer.CheckAsync(fixture, $"{width}w-chat");
    }

    private static async Task AssertFitsAsync(IPage page, int width, string path)
    {
        var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= width, $"{path} is {scrollWidth}px wide in a {width}px window.");
    }
}
