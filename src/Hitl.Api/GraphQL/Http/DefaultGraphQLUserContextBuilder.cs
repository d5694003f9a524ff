namespace Hitl.Api.GraphQL.Http;

/// <summary>Wraps <see cref="HttpContext.User"/> in a <see cref="GraphQLUserContext"/>.</summary>
public sealed class DefaultGraphQLUserContextBuilder : IGraphQLUserContextBuilder
{
    /// <summary>A shared instance; the builder has no state.</summary>
    public static DefaultGraphQLUserContextBuilder Instance { get; } = new();

    /// <inheritdoc/>
    public ValueTask<IDictionary<string, object?>> BuildAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ValueTask.FromResult<IDictionary<string, object?>>(new GraphQLUserContext(context.User) { ClientAddress = context.Connection.RemoteIpAddress });
    }
}
