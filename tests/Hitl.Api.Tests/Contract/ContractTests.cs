using System.Diagnostics;
using System.Text.Json;
using GraphQL;
using GraphQL.Types;
using Hitl.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Hitl.Api.Tests.Contract;

/// <summary>
/// Holds the served schema against ../shared/contract/schema.graphql with graphql-js's own
/// findBreakingChanges (tests/contract), so frontends written against the contract never break.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ContractTests(ApiFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task ServedSchema_BreaksNothingInTheContract_ExceptWhatLaterIssuesServe()
    {
        var root = RepositoryRoot();
        var contract = Path.GetFullPath(Path.Combine(root, "..", "shared", "contract", "schema.graphql"));
        Assert.True(File.Exists(contract), $"The contract is missing at {contract}.");

        var schema = fixture.Factory.Services.GetRequiredService<ISchema>();
        var served = Path.Combine(Path.GetTempPath(), $"hitl-served-{Guid.NewGuid():N}.graphql");
        await File.WriteAllTextAsync(served, schema.Print());
        try
        {
            var breaks = await FindBreakingChangesAsync(Path.Combine(root, "tests", "contract"), contract, served);
            var allowed = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Contract", "not-yet-served.txt"))
                .Where(l => l.Length > 0 && !l.StartsWith('#'))
                .ToHashSet(StringComparer.Ordinal);

            foreach (var b in breaks)
            {
                output.WriteLine(b);
            }

            var unexpected = breaks.Where(b => !allowed.Contains(b)).ToList();
            var landed = allowed.Where(a => !breaks.Contains(a)).ToList();
            Assert.True(unexpected.Count == 0, "The served schema breaks the contract:\n" + string.Join('\n', unexpected));
            Assert.True(landed.Count == 0, "Served now, delete from not-yet-served.txt:\n" + string.Join('\n', landed));
        }
        finally
        {
            File.Delete(served);
        }
    }

    /// <summary>
    /// The console's typed operations are generated from the schema the server serves, kept in
    /// src/Hitl.Console/schema.graphql. Run the tests with HITL_UPDATE_CONSOLE_SCHEMA=1 to refresh it.
    /// </summary>
    [Fact]
    public async Task ConsoleSchemaSnapshot_IsTheServedSchema()
    {
        var schema = fixture.Factory.Services.GetRequiredService<ISchema>();
        var served = schema.Print().ReplaceLineEndings("\n").TrimEnd() + "\n";
        var snapshot = Path.Combine(RepositoryRoot(), "src", "Hitl.Console", "schema.graphql");
        if (Environment.GetEnvironmentVariable("HITL_UPDATE_CONSOLE_SCHEMA") == "1")
        {
            await File.WriteAllTextAsync(snapshot, served);
        }

        Assert.True(File.Exists(snapshot), $"{snapshot} is missing: run the tests once with HITL_UPDATE_CONSOLE_SCHEMA=1.");
        var kept = (await File.ReadAllTextAsync(snapshot)).ReplaceLineEndings("\n");
        Assert.True(kept == served, "src/Hitl.Console/schema.graphql is not the served schema: run the tests with HITL_UPDATE_CONSOLE_SCHEMA=1 and rebuild the console.");
    }

    [Fact]
    public async Task ServedSchema_IsTheOneIntrospectionShows()
    {
        var data = (await fixture.Client.PostAsync("{ __schema { mutationType { name } types { name } } }")).Ok();
        var names = data.GetProperty("__schema").GetProperty("types").EnumerateArray().Select(t => t.GetProperty("name").GetString()).ToHashSet();
        foreach (var name in new[] { "Conversation", "Message", "Owner", "Escalation", "Trigger", "Policy", "Article", "DateTime", "Role", "EscalationReason" })
        {
            Assert.Contains(name, names);
        }
    }

    private static async Task<List<string>> FindBreakingChangesAsync(string checkDir, string contract, string served)
    {
        var start = new ProcessStartInfo("node", ["check-breaking.mjs", contract, served]) { WorkingDirectory = checkDir };
        var (exitCode, stdout, stderr) = await NodeScript.RunAsync(start, TimeSpan.FromMinutes(1));
        Assert.True(exitCode == 0, $"check-breaking.mjs failed ({exitCode}): {stderr}");
        using var json = JsonDocument.Parse(stdout);
        return [.. json.RootElement.EnumerateArray().Select(e => $"{e.GetProperty("type").GetString()}: {e.GetProperty("description").GetString()}")];
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
