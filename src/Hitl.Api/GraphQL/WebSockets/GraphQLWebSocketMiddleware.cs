using GraphQL;
using GraphQL.Types;
using Hitl.Api.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Hitl.Api.GraphQL.WebSockets;

/// <summary>
/// GraphQL over WebSocket with the <c>graphql-transport-ws</c> subprotocol, on graphql-dotnet's
/// executer: <c>connection_init</c> (with <c>{"authorization": "Bearer ..."}</c> in its payload, or
/// the upgrade request's Authorization header), <c>connection_ack</c>, <c>ping</c>/<c>pong</c>,
/// <c>subscribe</c>/<c>next</c>/<c>error</c>/<c>complete</c> for subscriptions, queries and
/// mutations, and the protocol's close codes (see <see cref="GraphQLWebSocketCloseCodes"/>).
/// </summary>
public sealed class GraphQLWebSocketMiddleware(
    RequestDelegate next,
    IDocumentExecuter<ISchema> executer,
    IGraphQLTextSerializer serializer,
    BearerTokenValidator tokens,
    IOptions<GraphQLWebSocketOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<GraphQLWebSocketMiddleware> logger)
{
    public const string SubProtocol = "graphql-transport-ws";

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await next(context);
            return;
        }

        ClaimsPrincipalHolder upgrade = default;
        if (context.Request.Headers.ContainsKey("Authorization"))
        {
            var result = await context.AuthenticateAsync();
            upgrade = new(result.Succeeded ? result.Principal : null, !result.Succeeded);
        }

        var speaksProtocol = context.WebSockets.WebSocketRequestedProtocols.Contains(SubProtocol, StringComparer.Ordinal);
        using var socket = await context.WebSockets.AcceptWebSocketAsync(speaksProtocol ? SubProtocol : null);
        using var connection = new GraphQLWebSocketConnection(socket, context, executer, serializer, tokens, options.Value, logger);
        if (!speaksProtocol)
        {
            connection.Close(GraphQLWebSocketCloseCodes.SubprotocolNotAcceptable, "Subprotocol not acceptable");
        }
        else if (upgrade.Rejected)
        {
            connection.Close(GraphQLWebSocketCloseCodes.Forbidden, "Forbidden");
        }

        await connection.RunAsync(upgrade.Principal, lifetime.ApplicationStopping);
    }

    private readonly record struct ClaimsPrincipalHolder(System.Security.Claims.ClaimsPrincipal? Principal, bool Rejected);
}
