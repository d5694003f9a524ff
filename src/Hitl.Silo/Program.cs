using Hitl.Silo.Hosting;
using Hitl.Silo.Storage.Postgres;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// A stand-alone silo (cluster mode: Hitl:Storage=postgres, Hitl:Cluster:Mode=silo), or, with
// "migrate" as the first argument, applies the PostgreSQL schema and exits.
var migrateOnly = args.Length > 0 && args[0] == "migrate";
var builder = Host.CreateApplicationBuilder(migrateOnly ? args[1..] : args);
builder.Logging.AddFilter("Orleans", LogLevel.Warning);
builder.Logging.AddFilter("Polly", LogLevel.Warning);
var options = builder.Configuration.GetSection(HitlOptions.Section).Get<HitlOptions>() ?? new HitlOptions();

if (migrateOnly || (options.UsesPostgres && options.Postgres.MigrateOnStart))
{
    using var loggers = LoggerFactory.Create(l => l.AddSimpleConsole(c => c.SingleLine = true));
    try
    {
        var connectionString = PostgresConnections.Normalize(options.PostgresConnectionString, options.Postgres);
        var applied = await new PostgresMigrator(connectionString, options.Postgres, loggers.CreateLogger("Hitl.Migrate")).MigrateAsync();
        Console.WriteLine(applied.Count == 0
            ? "PostgreSQL schema is up to date."
            : $"PostgreSQL schema: applied {string.Join(", ", applied)}.");
    }
    catch (Exception ex) when (ex is InvalidOperationException or Npgsql.NpgsqlException)
    {
        Console.Error.WriteLine("hitl: " + ex.Message);
        return 1;
    }

    if (migrateOnly)
    {
        return 0;
    }
}

if (options.UsesPostgres && !string.Equals(options.Cluster.Mode, "silo", StringComparison.OrdinalIgnoreCase))
{
    Console.Error.WriteLine("hitl: a stand-alone silo on PostgreSQL runs with Hitl:Cluster:Mode=silo.");
    return 2;
}

var data = new DataDirectory(options.ResolveDataDirectory());
builder.UseOrleans(silo => silo.AddHitlSilo(options, data));
await builder.Build().RunAsync();
return 0;
