namespace Hitl.Api.GraphQL.Http;

/// <summary>
/// Builds the GraphQL user context (<c>IResolveFieldContext.UserContext</c>) for one request,
/// after authentication. Register one in DI to replace <see cref="DefaultGraphQLUserContextBuilder"/>.
/// </summary>
public interface IGraphQLUserContextBuilder
{
    /// <summary>Builds the user context for <paramref name="context"/>.</summary>
    ValueTask<IDictionary<string, object?>> BuildAsync(HttpContext context);
}
