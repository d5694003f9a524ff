using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Hitl.Api.GraphQL.Http;

/// <summary>Registration and endpoint mapping of the GraphQL-over-HTTP transport.</summary>
public static class GraphQLHttpExtensions
{
    /// <summary>
    /// Registers <see cref="GraphQLHttpOptions"/> and the <see cref="DefaultGraphQLUserContextBuilder"/>
    /// (unless another <see cref="IGraphQLUserContextBuilder"/> is registered). The executer and
    /// serializer come from graphql-dotnet's <c>AddGraphQL(b => b.AddSchema&lt;...&gt;().AddSystemTextJson())</c>.
    /// </summary>
    public static IServiceCollection AddGraphQLHttp(this IServiceCollection services, Action<GraphQLHttpOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<GraphQLHttpOptions>();
        if (configure is not null)
            options.Configure(configure);
        services.TryAddSingleton<IGraphQLUserContextBuilder, DefaultGraphQLUserContextBuilder>();
        return services;
    }

    /// <summary>
    /// Maps <see cref="GraphQLHttpMiddleware"/> at <paramref name="pattern"/> for every HTTP method
    /// (unsupported ones get 405). WebSocket upgrade requests to the same path are passed on to the
    /// middleware that <paramref name="configureNext"/> adds (e.g. a graphql-transport-ws handler);
    /// without one they get 404.
    /// </summary>
    public static IEndpointConventionBuilder MapGraphQLHttp(
        this IEndpointRouteBuilder endpoints,
        string pattern = "/graphql",
        Action<IApplicationBuilder>? configureNext = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var pipeline = endpoints.CreateApplicationBuilder();
        pipeline.UseMiddleware<GraphQLHttpMiddleware>();
        configureNext?.Invoke(pipeline);
        return endpoints.Map(pattern, pipeline.Build()).WithDisplayName("GraphQL over HTTP");
    }
}
