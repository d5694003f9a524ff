using Hitl.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

// A stand-alone silo. Cluster mode on PostgreSQL comes with its own issue; today this runs the
// embedded storage so the grains can be hosted without the API.
var builder = Host.CreateApplicationBuilder(args);
var options = builder.Configuration.GetSection(HitlOptions.Section).Get<HitlOptions>() ?? new HitlOptions();
var data = new DataDirectory(options.ResolveDataDirectory());
builder.UseOrleans(silo => silo.AddHitlEmbeddedSilo(options, data));
await builder.Build().RunAsync();
