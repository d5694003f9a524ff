namespace Hitl.Api.GraphQL.WebSockets;

/// <summary>Limits of the graphql-transport-ws endpoint (configuration section <c>Hitl:WebSocket</c>).</summary>
public sealed class GraphQLWebSocketOptions
{
    public const string Section = "Hitl:WebSocket";

    /// <summary>How long a new socket may take to send <c>connection_init</c> before it is closed with 4408.</summary>
    public TimeSpan ConnectionInitTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The largest message a client may send; a larger one closes the socket with 1009.</summary>
    public int MaxMessageBytes { get; set; } = 64 * 1024;

    /// <summary>Operations one socket may run at once; more get an <c>error</c> with TOO_MANY_SUBSCRIPTIONS.</summary>
    public int MaxOperationsPerSocket { get; set; } = 100;

    /// <summary>Messages waiting to be sent on one socket; a client that lets more pile up is a slow consumer and is closed with 1013.</summary>
    public int SendQueueCapacity { get; set; } = 1024;

    /// <summary>After the server closes, how long it waits for the client's close frame before it aborts the socket.</summary>
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Open sockets in all (default 10000). One more upgrade request is refused with HTTP 429 and a
    /// <c>RATE_LIMITED</c> GraphQL error before the WebSocket is accepted.
    /// </summary>
    public int MaxSockets { get; set; } = 10_000;

    /// <summary>
    /// Open sockets per client address (default 20; one browser tab needs one). Over it the upgrade is refused like
    /// for <see cref="MaxSockets"/>. Off when <c>Hitl:RateLimits:Enabled</c> is false (load tests from one address).
    /// </summary>
    public int MaxSocketsPerClient { get; set; } = 20;

    /// <summary>
    /// Longest operation id a client may use in <c>subscribe</c>/<c>complete</c> (default 128 characters); a longer
    /// one closes the socket with 4400, and the id is never echoed or logged.
    /// </summary>
    public int MaxOperationIdLength { get; set; } = 128;

    /// <summary>
    /// How often a socket's token is validated again (default 30 s), besides once at the token's expiry: a token that
    /// expired or was revoked closes the socket with 4403.
    /// </summary>
    public TimeSpan TokenRecheckInterval { get; set; } = TimeSpan.FromSeconds(30);
}
