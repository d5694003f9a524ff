using System.Diagnostics;
using Hitl.Api.Tests.Contract;
using Hitl.Api.Tests.Infrastructure;

namespace Hitl.Api.Tests.Live;

/// <summary>The reference graphql-ws client from npm (tests/contract/ws-client.mjs) against a real server.</summary>
[Collection(LiveCollection.Name)]
public sealed class GraphQLWsClientTests(LiveFixture live)
{
    [Fact]
    public async Task The_graphql_ws_reference_client_subscribes_receives_and_is_refused_where_it_should_be()
    {
        var script = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "contract", "ws-client.mjs"));
        var start = new ProcessStartInfo("node", [script]) { WorkingDirectory = Path.GetDirectoryName(script)! };
        start.Environment["HITL_URL"] = live.Server.BaseAddress.ToString().TrimEnd('/');
        start.Environment["HITL_OPERATOR_KEY"] = HitlApiFactory.OperatorKey;
        var (exitCode, stdout, stderr) = await NodeScript.RunAsync(start, TimeSpan.FromMinutes(2));

        var text = stdout + stderr;
        Assert.True(exitCode == 0, text);
        Assert.Contains("graphql-ws: all checks passed", text, StringComparison.Ordinal);
        Assert.DoesNotContain("FAIL", text, StringComparison.Ordinal);
    }
}
