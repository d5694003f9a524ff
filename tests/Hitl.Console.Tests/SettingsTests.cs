using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Hitl.Console.Tests;

[Collection(ConsoleCollection.Name)]
public sealed partial class SettingsTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task AnAdmin_SavesThePolicy_SeesTheServersValidation_InvitesAnAgent_AndGrantsHerAQueue()
    {
        var (_, admin) = await fixture.Api.CreateTenantAsync();
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(await fixture.Api.InviteAsync(admin, "ADMIN", "ada", "Ada Admin"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Settings" }).ClickAsync();
        var policy = page.GetByRole(AriaRole.Region, new() { Name = "Escalation policy" });

        // A value the server refuses: its message, the input kept, nothing saved.
        await policy.GetByLabel("Minimum confidence").FillAsync("2");
        await policy.GetByRole(AriaRole.Button, new() { Name = "Save policy" }).ClickAsync();
        await Expect(policy.GetByRole(AriaRole.Alert)).ToContainTextAsync("BAD_USER_INPUT");
        await Expect(policy.GetByLabel("Minimum confidence")).ToHaveValueAsync("2");
        Assert.Equal(1, (await fixture.Api.PostAsync("{ policy { version } }", token: admin)).GetProperty("policy").GetProperty("version").GetInt32());

        await policy.GetByLabel("Minimum confidence").FillAsync("0.4");
        await policy.GetByLabel("Review below").FillAsync("0.9");
        await policy.GetByRole(AriaRole.Button, new() { Name = "Save policy" }).ClickAsync();
        await Expect(policy.GetByText("Saved: policy version 2.")).ToBeVisibleAsync();
        var saved = (await fixture.Api.PostAsync("{ policy { version minConfidence reviewBelow } }", token: admin)).GetProperty("policy");
        Assert.Equal(0.4, saved.GetProperty("minConfidence").GetDouble(), 6);
        Assert.Equal(0.9, saved.GetProperty("reviewBelow").GetDouble(), 6);
        await page.CheckAsync(fixture, "settings");

        // An invite for a new agent: the link signs her in once.
        var invites = page.GetByRole(AriaRole.Region, new() { Name = "Invites" });
        await invites.GetByRole(AriaRole.Radio, new() { NameRegex = AgentRole() }).CheckAsync();
        await invites.GetByLabel("Subject (user id)").FillAsync("ben");
        await invites.GetByLabel("Display name").FillAsync("Ben Ode");
        await invites.GetByRole(AriaRole.Button, new() { Name = "Create invite link" }).ClickAsync();
        var link = await page.GetByLabel("Invite link").InputValueAsync();
        Assert.StartsWith(fixture.BaseUrl + "/signin?code=", link, StringComparison.Ordinal);
        var ben = await fixture.NewPageAsync();
        await ben.GotoAsync(link);
        await Expect(ben.GetByText("Ben Ode", new() { Exact = true })).ToBeVisibleAsync();

        // Grant him a new queue from the agents table.
        var agents = page.GetByRole(AriaRole.Region, new() { Name = "Agents and queues" });
        await agents.GetByRole(AriaRole.Button, new() { Name = "Reload agents" }).ClickAsync();
        await agents.GetByRole(AriaRole.Button, new() { NameRegex = EditQueues() }).ClickAsync();
        await agents.GetByLabel(NewQueue()).FillAsync("vip");
        await agents.GetByRole(AriaRole.Button, new() { NameRegex = SaveQueues() }).ClickAsync();
        await Expect(agents.GetByRole(AriaRole.Table)).ToContainTextAsync("vip");
        var granted = (await fixture.Api.PostAsync("{ agents { id queues } }", token: admin)).GetProperty("agents").EnumerateArray()
            .Single(a => a.GetProperty("id").GetString() == "ben").GetProperty("queues").EnumerateArray().Select(q => q.GetString()).ToList();
        Assert.Contains("vip", granted);
    }

    [GeneratedRegex("^Agent")]
    private static partial Regex AgentRole();

    [GeneratedRegex("^Edit queues for (Ben Ode|ben)$")]
    private static partial Regex EditQueues();

    [GeneratedRegex("^New queue for (Ben Ode|ben)$")]
    private static partial Regex NewQueue();

    [GeneratedRegex("^Save queues for (Ben Ode|ben)$")]
    private static partial Regex SaveQueues();
}
