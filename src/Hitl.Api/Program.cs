using Hitl.Api.Hosting;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, WebRootPath = ConsoleHosting.PublishedWebRoot() });
builder.AddHitlDefaults();
builder.AddHitlOrleans();
builder.AddHitlAuthentication();
builder.AddHitlGraphQL();
builder.AddHitlHealth();
builder.AddHitlDemoSeed();

var app = builder.Build();
app.UseHitlSecurityHeaders();
app.UseHitlConsole();
app.UseAuthentication();
app.MapHitlHealth();
app.MapHitlGraphQL("/graphql");
app.MapHitlConsole();
app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
