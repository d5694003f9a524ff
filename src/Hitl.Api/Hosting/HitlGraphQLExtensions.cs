using System.Text.Encodings.Web;
using GraphQL;
using GraphQL.Validation.Complexity;
using Hitl.Api.Auth;
using Hitl.Api.GraphQL;
using Hitl.Api.GraphQL.Errors;
using Hitl.Api.GraphQL.Http;
using Hitl.Api.GraphQL.WebSockets;
using Hitl.Api.Limits;
using Hitl.Api.Live;
using Microsoft.Extensions.Options;

namespace Hitl.Api.Hosting;

public static class HitlGraphQLExtensions
{
    /// <summary>Query depth limit: deep enough for the standard introspection query (13 levels).</summary>
    public const int MaxDepth = 15;

    /// <summary>Query complexity limit (graphql-dotnet's analyzer: 1 per field, ×20 under a list unless first/last says the page size).</summary>
    public const int MaxComplexity = 50_000;

    /// <summary>Largest accepted request body.</summary>
    public const int MaxRequestBytes = 64 * 1024;

    /// <summary>The schema on graphql-dotnet with our error codes and limits.</summary>
    public static WebApplicationBuilder AddHitlGraphQL(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddGraphQL(b => b
            .AddSchema<HitlSchema>()
            .AddSystemTextJson(json => json.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping)
            .AddGraphTypes(typeof(HitlSchema).Assembly)
            .AddHitlErrors()
            .AddHitlDocumentCache()
            .AddExecutionStrategy(services => services.GetRequiredService<SharedSubscriptionExecutionStrategy>(), GraphQLParser.AST.OperationType.Subscription)
            .AddComplexityAnalyzer(o =>
            {
                o.MaxDepth = MaxDepth;
                o.MaxComplexity = MaxComplexity;

                // Introspection is bounded by the schema's size and the depth limit; counting it would
                // reject the standard introspection query that every GraphQL tool sends.
                var defaultImpact = o.DefaultComplexityImpactDelegate;
                o.DefaultComplexityImpactDelegate = field =>
                    field.ParentType.Name.StartsWith("__", StringComparison.Ordinal) || field.FieldDefinition.Name.StartsWith("__", StringComparison.Ordinal)
                        ? new FieldComplexityResult(0, 1)
                        : defaultImpact(field);
            })

            // Root-field cap and rate limits (Hitl:RateLimits), for HTTP and WebSocket alike; after the complexity rule.
            .AddValidationRule<OperationLimitsValidationRule>());
        builder.Services.AddOptions<RateLimitOptions>().Bind(builder.Configuration.GetSection(RateLimitOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidator>();
        builder.Services.AddSingleton<OperationRateLimiter>();
        builder.Services.AddSingleton<WebSocketAdmission>();
        builder.Services.AddOptions<GraphQLWebSocketOptions>().ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<GraphQLWebSocketOptions>, GraphQLWebSocketOptionsValidator>();
        builder.Services.AddGraphQLHttp(o => o.MaxRequestBodyBytes = MaxRequestBytes);
        builder.Services.Configure<GraphQLWebSocketOptions>(builder.Configuration.GetSection(GraphQLWebSocketOptions.Section));
        builder.Services.Configure<DocumentCacheOptions>(builder.Configuration.GetSection(DocumentCacheOptions.Section));
        builder.Services.Configure<LiveOptions>(builder.Configuration.GetSection(LiveOptions.Section));
        builder.Services.AddSingleton<BearerTokenValidator>();
        builder.Services.AddSingleton<LiveHub>();
        builder.Services.AddSingleton<SharedSubscriptionExecutionStrategy>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<LiveHub>());
        return builder;
    }

    /// <summary>GraphQL over HTTP and, on the same path, graphql-transport-ws over WebSocket.</summary>
    public static WebApplication MapHitlGraphQL(this WebApplication app, string path = "/graphql")
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseWebSockets();
        app.MapGraphQLHttp(path, next => next.UseMiddleware<GraphQLWebSocketMiddleware>());
        return app;
    }
}
