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

    // The protocol for this socket, made when it runs (it needs who the upgrade request authenticated, and with what).
    private readonly Func<ClaimsPrincipal?, string?, GraphQLWsSubscriptionServer> _protocol;

    public GraphQLWebSocketConnection(
        WebSocket socket,
        HttpContext http,
        IDocumentExecuter<ISchema> executer,
        IGraphQLTextSerializer serializer,
        BearerTokenValidator tokens,
        GraphQLWebSocketOptions options,
        ILogger logger,
        TimeProvider? time = null,
        TimeSpan clockSkew = default)
    {
        var connection = new WebSocketConnection(socket, options);
        _connection = connection;
        _protocol = (upgradeUser, upgradeAuthorization) => new GraphQLWsSubscriptionServer(
            connection, upgradeUser, upgradeAuthorization, http, executer, serializer, tokens, options, logger, time ?? TimeProvider.System, clockSkew);
    }

    /// <summary>The close code asked for first (ours or the client's echoed), or null while open.</summary>
    public int? CloseCode => _connection.CloseCode;

    /// <summary>Serves the socket until it closes.</summary>
    public Task RunAsync(ClaimsPrincipal? upgradeUser, CancellationToken stopping) => RunAsync(upgradeUser, null, stopping);

    /// <summary>Serves the socket until it closes; <paramref name="upgradeAuthorization"/> is the validated Authorization header that gave <paramref name="upgradeUser"/>.</summary>
    public async Task RunAsync(ClaimsPrincipal? upgradeUser, string? upgradeAuthorization, CancellationToken stopping)
    {
        var server = _protocol(upgradeUser, upgradeAuthorization);
        using var shutdown = stopping.Register(() => Close(GraphQLWebSocketCloseCodes.GoingAway, "Server is shutting down"));
        var initTimeout = server.EnforceInitTimeoutAsync();
        await _connection.RunAsync(server);
        await initTimeout;
    }

    /// <summary>Closes the socket as a protocol violation or on purpose; later calls change nothing.</summary>
    public void Close(int code, string reason) => _connection.Close(code, reason);

    public void Dispose() => _connection.Dispose();
}
