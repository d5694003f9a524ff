using System.Net.WebSockets;
using System.Security.Claims;
using GraphQL;
using GraphQL.Types;
using Hitl.Api.Auth;

namespace Hitl.Api.GraphQL.WebSockets;

/// <summary>
/// One accepted graphql-transport-ws socket: a <see cref="WebSocketConnection"/> (the socket, its bounded send
/// queue and the close handshake) speaking <see cref="GraphQLWsSubscriptionServer"/> (the protocol and its
/// operations), closed as going away when the server stops.
/// </summary>
internal sealed class GraphQLWebSocketConnection : IDisposable
{
    private readonly WebSocketConnection _connection;

    // The protocol for this socket, made when it runs (it needs who the upgrade request authenticated).
    private readonly Func<ClaimsPrincipal?, GraphQLWsSubscriptionServer> _protocol;

    public GraphQLWebSocketConnection(
        WebSocket socket,
        HttpContext http,
        IDocumentExecuter<ISchema> executer,
        IGraphQLTextSerializer serializer,
        BearerTokenValidator tokens,
        GraphQLWebSocketOptions options,
        ILogger logger)
    {
        var connection = new WebSocketConnection(socket, options);
        _connection = connection;
        _protocol = upgradeUser => new GraphQLWsSubscriptionServer(connection, upgradeUser, http, executer, serializer, tokens, options, logger);
    }

    /// <summary>The close code asked for first (ours or the client's echoed), or null while open.</summary>
    public int? CloseCode => _connection.CloseCode;

    /// <summary>Serves the socket until it closes.</summary>
    public async Task RunAsync(ClaimsPrincipal? upgradeUser, CancellationToken stopping)
    {
        var server = _protocol(upgradeUser);
        using var shutdown = stopping.Register(() => Close(GraphQLWebSocketCloseCodes.GoingAway, "Server is shutting down"));
        var initTimeout = server.EnforceInitTimeoutAsync();
        await _connection.RunAsync(server);
        await initTimeout;
    }

    /// <summary>Closes the socket as a protocol violation or on purpose; later calls change nothing.</summary>
    public void Close(int code, string reason) => _connection.Close(code, reason);

    public void Dispose() => _connection.Dispose();
}
