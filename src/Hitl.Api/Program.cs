using Hitl.Api.Hosting;

var builder = WebApplication.CreateBuilder(args);
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
