using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Hitl.Console.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class SignInTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task AnInviteSignsInOnce_AndSignedOutThePageSaysHowToGetALink()
    {
        var (_, admin) = await fixture.Api.CreateTenantAsync();
        var link = await fixture.Api.InviteAsync(admin, "MANAGER", "mira", "Mira Lane");
        Assert.StartsWith(fixture.BaseUrl + "/signin?code=", link, StringComparison.Ordinal);

        var page = await fixture.NewPageAsync();
        await page.GotoAsync(link);
        await Expect(page).ToHaveURLAsync(fixture.BaseUrl + "/inbox");
        await Expect(page.GetByText("Mira Lane", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Board" })).ToBeVisibleAsync();

        // The code is gone from the address bar; signing out leaves a page that says what to do.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "How to get a sign-in link" })).ToBeVisibleAsync();
        await page.CheckAsync(fixture, "signed-out");

        // A link works once.
        var again = await fixture.NewPageAsync();
        await again.GotoAsync(link);
        await Expect(again.GetByRole(AriaRole.Alert)).ToContainTextAsync("did not work");
        await Expect(again.GetByRole(AriaRole.Heading, new() { Name = "How to get a sign-in link" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task AnAgentSeesNoManagerPages_AndPageUrlsOpenDirectly()
    {
        var (_, admin) = await fixture.Api.CreateTenantAsync();
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(await fixture.Api.InviteAsync(admin, "AGENT", "ava", "Ava Rossi"));
        await Expect(page.GetByText("Ava Rossi", new() { Exact = true })).ToBeVisibleAsync();
        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Console" });
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Inbox" })).ToBeVisibleAsync();
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Board" })).ToHaveCountAsync(0);
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Settings" })).ToHaveCountAsync(0);

        // A page URL typed in the address bar is served by the API (index.html) and the console routes it.
        await page.GotoAsync("/board");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Board", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByText("managers only", new() { Exact = false }).First).ToBeVisibleAsync();
    }
}
