using System.Diagnostics;
using Xunit.Abstractions;

namespace Hitl.Console.Tests;

/// <summary>The console's own unit and component tests (Vitest, jsdom), run by the same test command as everything else.</summary>
public sealed class ConsoleUnitTests(ITestOutputHelper output)
{
    [Fact]
    public async Task VitestSuite_Passes()
    {
        var console = Path.Combine(RepositoryRoot(), "src", "Hitl.Console");
        var start = new ProcessStartInfo("npx", ["vitest", "run", "--reporter=dot"])
        {
            WorkingDirectory = console,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["CI"] = "true";
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        output.WriteLine(await stdout);
        output.WriteLine(await stderr);
        Assert.True(process.ExitCode == 0, $"vitest failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
        Assert.Contains("passed", await stdout, StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Hitl.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Hitl.sln not found above " + AppContext.BaseDirectory);
    }
}
