using Hitl.Bench;

// Benchmarks against a running Hitl (never timed tests). Usage:
//   dotnet run -c Release --project bench/Hitl.Bench -- live --url http://127.0.0.1:5080 --operator-key KEY [--subscribers 1000] [--escalations 300]
var options = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 1; i + 1 < args.Length; i += 2)
{
    options[args[i].TrimStart('-')] = args[i + 1];
}

if (args.Length == 0 || args[0] != "live" || !options.TryGetValue("url", out var url) || !options.TryGetValue("operator-key", out var key))
{
    Console.Error.WriteLine("usage: Hitl.Bench live --url URL --operator-key KEY [--subscribers N] [--escalations N]");
    return 2;
}

var subscribers = options.TryGetValue("subscribers", out var s) ? int.Parse(s, System.Globalization.CultureInfo.InvariantCulture) : 1000;
var escalations = options.TryGetValue("escalations", out var e) ? int.Parse(e, System.Globalization.CultureInfo.InvariantCulture) : 300;
await new LiveScenario(new Uri(url), key, subscribers, escalations).RunAsync();
return 0;
