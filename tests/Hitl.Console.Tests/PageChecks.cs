using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Hitl.Console.Tests;

/// <summary>What every page of the console is held to: a screenshot kept as an artifact, no serious accessibility violation, no script error.</summary>
public static class PageChecks
{
    /// <summary>Saves a full-page screenshot named <paramref name="name"/> and fails on serious or critical axe-core violations (names, labels, contrast, ARIA).</summary>
    public static async Task CheckAsync(this IPage page, ConsoleFixture fixture, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(fixture);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ConsoleFixture.ScreenshotDirectory, name + ".png"), FullPage = true });

        var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
        var serious = result.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => string.Join(" ", n.Target)))}")
            .ToList();
        Assert.True(serious.Count == 0, $"{name}: accessibility violations:\n" + string.Join('\n', serious));
        Assert.True(!fixture.PageErrors.TryGetValue(page, out var errors) || errors.Count == 0, $"{name}: script errors:\n" + string.Join('\n', errors ?? []));
    }
}
