using GraphQL;
using Hitl.Api.GraphQL.Errors;
using Hitl.Api.GraphQL.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hitl.Api.Tests.Transport;

/// <summary>A minimal web app with the test schema behind <see cref="GraphQLHttpMiddleware"/>.</summary>
public sealed class TransportHost : IAsyncLifetime
{
    public const int MaxDepth = 5;
    public const int MaxComplexity = 200;
    public const int MaxBodyBytes = 2048;

    private WebApplication? _app;

    public HttpClient Client { get; private set; } = null!;

    public TestServer Server { get; private set; } = null!;

    public ResolverProbe Probe { get; } = new();

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(Probe);
        builder.Services.AddSingleton<TestQuery>();
        builder.Services.AddSingleton<TestMutation>();
        builder.Services.AddSingleton<TestSubscription>();
        builder.Services.AddSingleton<DeepType>();
        builder.Services.AddGraphQL(b => b
            .AddSchema<TestSchema>()
            .AddSystemTextJson()
            .AddHitlErrors()
            .AddHitlDocumentCache()
            .AddHitlLimits(maxDepth: MaxDepth, maxComplexity: MaxComplexity));
        builder.Services.AddGraphQLHttp(options => options.MaxRequestBodyBytes = MaxBodyBytes);
        builder.Services.AddAuthentication(TestAuthHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, TestAuthHandler>(TestAuthHandler.SchemeName, _ => { });

        _app = builder.Build();
        _app.UseWebSockets();
        _app.MapGraphQLHttp("/graphql", next => next.Run(async context =>
        {
            // Stands in for the graphql-transport-ws handler a later issue adds.
            using var socket = await context.WebSockets.AcceptWebSocketAsync("graphql-transport-ws");
            await socket.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        }));
        await _app.StartAsync();
        Server = _app.GetTestServer();
        Client = Server.CreateClient();
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_app is not null)
            await _app.DisposeAsync();
    }
}
