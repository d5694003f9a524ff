using Hitl.Bench;

// Benchmarks against a running Hitl (never timed tests). Usage:
//   dotnet run -c Release --project bench/Hitl.Bench -- live --url http://127.0.0.1:5080 --operator-key KEY [--subscribers 1000] [--escalations 300]
//   dotnet run -c Release --project bench/Hitl.Bench -- pipeline --url URL --operator-key KEY [--conversations 600] [--messages 10] [--concurrency 32] [--tenants 1] [--seconds 10] [--scratch DIR] [--postgres CONNECTION_STRING] [--warmup 20]
//   dotnet run -c Release --project bench/Hitl.Bench -- length --url URL --operator-key KEY [--conversations 16] [--length 1000] [--sends 4000] [--concurrency 16]
//   dotnet run -c Release --project bench/Hitl.Bench -- semantic --url URL --operator-key KEY --retrieval hybrid|lexical [--conversations 120] [--messages 5] [--concurrency 32] [--seconds 10] [--warmup 20]
//   dotnet run -c Release --project bench/Hitl.Bench -- persist --url URL --operator-key KEY --postgres "CONNECTION_STRING" [--conversations 200] [--messages 10] [--concurrency 32]
var options = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 1; i + 1 < args.Length; i += 2)
{
    options[args[i].TrimStart('-')] = args[i + 1];
}

int Option(string name, int fallback) =>
    options.TryGetValue(name, out var value) ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : fallback;

var scenario = args.Length > 0 ? args[0] : "";
if (scenario is not ("live" or "persist" or "pipeline" or "length" or "semantic") || !options.TryGetValue("url", out var url) || !options.TryGetValue("operator-key", out var key))
{
    Console.Error.WriteLine("usage: Hitl.Bench live --url URL --operator-key KEY [--subscribers N] [--escalations N]");
    Console.Error.WriteLine("       Hitl.Bench pipeline --url URL --operator-key KEY [--conversations N] [--messages N] [--concurrency N] [--tenants N] [--seconds S] [--scratch DIR] [--postgres CONNECTION_STRING] [--warmup S]");
    Console.Error.WriteLine("       Hitl.Bench length --url URL --operator-key KEY [--conversations N] [--length N] [--sends N] [--concurrency N]");
    Console.Error.WriteLine("       Hitl.Bench semantic --url URL --operator-key KEY --retrieval hybrid|lexical (what the server runs with) [--conversations N] [--messages N] [--concurrency N] [--seconds S] [--warmup S]");
    Console.Error.WriteLine("       Hitl.Bench persist --url URL --operator-key KEY --postgres CONNECTION_STRING [--conversations N] [--messages N] [--concurrency N] [--baseline false]");
    return 2;
}

if (scenario == "live")
{
    await new LiveScenario(new Uri(url), key, Option("subscribers", 1000), Option("escalations", 300)).RunAsync();
    return 0;
}

if (scenario == "length")
{
    return await new LengthScenario(new Uri(url), key, Option("conversations", 16), Option("length", 1000), Option("sends", 4000), Option("concurrency", 16)).RunAsync();
}

if (scenario == "pipeline")
{
    return await new PipelineScenario(
        new Uri(url), key, Option("conversations", 600), Option("messages", 10), Option("concurrency", 32), Option("tenants", 1), Option("seconds", 10),
        options.GetValueOrDefault("scratch"), options.GetValueOrDefault("postgres"), Option("warmup", 20)).RunAsync();
}

if (scenario == "semantic")
{
    // The server's mode is set when it starts (Hitl:Bot:Retrieval); --retrieval says which one it was given.
    if (!options.TryGetValue("retrieval", out var retrieval) || retrieval is not ("hybrid" or "lexical"))
    {
        Console.Error.WriteLine("semantic needs --retrieval hybrid|lexical: the Hitl:Bot:Retrieval the server was started with");
        return 2;
    }

    if (Option("messages", 5) > BenchKnowledge.Articles.Length)
    {
        Console.Error.WriteLine($"semantic sends at most {BenchKnowledge.Articles.Length} messages per conversation (one per article: a second question of the same article is a paraphrase, which the engine reads as a repeat)");
        return 2;
    }

    return await new SemanticScenario(
        new Uri(url), key, retrieval, Option("conversations", 120), Option("messages", 5), Option("concurrency", 32), Option("seconds", 10), Option("warmup", 20)).RunAsync();
}

if (!options.TryGetValue("postgres", out var postgres))
{
    Console.Error.WriteLine("persist needs --postgres CONNECTION_STRING (the cluster's database)");
    return 2;
}

return await new PersistScenario(new Uri(url), key, postgres, Option("conversations", 200), Option("messages", 10), Option("concurrency", 32), !options.TryGetValue("baseline", out var b) || b != "false").RunAsync();
