using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using GraphQL;
using GraphQL.Types;
using GraphQL.Validation;
using Hitl.Api.Auth;
using Hitl.Api.GraphQL.Errors;
using Hitl.Api.GraphQL.Http;

namespace Hitl.Api.GraphQL.WebSockets;

/// <summary>
/// The server side of graphql-transport-ws (https://github.com/enisdenjo/graphql-ws/blob/master/PROTOCOL.md) on one
/// <see cref="WebSocketConnection"/>: <c>connection_init</c> within <see cref="GraphQLWebSocketOptions.ConnectionInitTimeout"/>
/// and its authorization, <c>ping</c>/<c>pong</c>, and <c>subscribe</c>/<c>next</c>/<c>error</c>/<c>complete</c> for
/// the socket's operations (at most <see cref="GraphQLWebSocketOptions.MaxOperationsPerSocket"/>), each run on
/// graphql-dotnet's executer beside the receive loop. A protocol violation closes the socket with the protocol's code.
/// </summary>
internal sealed partial class GraphQLWsSubscriptionServer : IWebSocketMessageHandler, ISubscriberConnection
{
    private static readonly byte[] Ack = Encoding.UTF8.GetBytes("{\"type\":\"connection_ack\"}");
    private static readonly byte[] Pong = Encoding.UTF8.GetBytes("{\"type\":\"pong\"}");

    private readonly WebSocketConnection _connection;
    private readonly HttpContext _http;
    private readonly IDocumentExecuter<ISchema> _executer;
    private readonly IGraphQLTextSerializer _serializer;
    private readonly BearerTokenValidator _tokens;
    private readonly GraphQLWebSocketOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly TimeSpan _clockSkew;
    private readonly ConcurrentDictionary<string, GraphQLWsOperation> _operations = new(StringComparer.Ordinal);
    private ClaimsPrincipal _user;
    private string? _authorization;
    private bool _initReceived;
    private volatile bool _acknowledged;
    private CancellationTokenSource? _tokenWatch;

    // How long after a token's expiry (plus clock skew) its socket is checked, and then rechecked while it still validates.
    private static readonly TimeSpan ExpiryMargin = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Serves <paramref name="connection"/>; <paramref name="upgradeUser"/> is who the upgrade request's Authorization
    /// header (<paramref name="upgradeAuthorization"/>) authenticated, if it had one. <paramref name="clockSkew"/> is the
    /// tolerance the token validator allows past a token's expiry.
    /// </summary>
    public GraphQLWsSubscriptionServer(
        WebSocketConnection connection,
        ClaimsPrincipal? upgradeUser,
        string? upgradeAuthorization,
        HttpContext http,
        IDocumentExecuter<ISchema> executer,
        IGraphQLTextSerializer serializer,
        BearerTokenValidator tokens,
        GraphQLWebSocketOptions options,
        ILogger logger,
        TimeProvider time,
        TimeSpan clockSkew)
    {
        _connection = connection;
        _user = upgradeUser ?? new ClaimsPrincipal(new ClaimsIdentity());
        _http = http;
        _executer = executer;
        _serializer = serializer;
        _tokens = tokens;
        _options = options;
        _logger = logger;
        _time = time;
        _clockSkew = clockSkew < TimeSpan.Zero ? TimeSpan.Zero : clockSkew;
        if (upgradeUser is not null && upgradeAuthorization is not null)
        {
            _authorization = upgradeAuthorization;
            WatchToken(upgradeAuthorization, upgradeUser);
        }
    }

    public void CutOffSlowConsumer() => _connection.CutOffSlowConsumer();

    /// <summary>Closes the socket (4408) unless <c>connection_init</c> came within the timeout; ends with the socket.</summary>
    public async Task EnforceInitTimeoutAsync()
    {
        try
        {
            await Task.Delay(_options.ConnectionInitTimeout, _connection.Ended);
            if (!_initReceived)
            {
                _connection.Close(GraphQLWebSocketCloseCodes.ConnectionInitialisationTimeout, "Connection initialisation timeout");
            }
        }
        catch (OperationCanceledException)
        {
            // The socket ended first.
        }
    }

    /// <summary>The socket is done: every operation still running ends.</summary>
    public void OnReceiveEnded()
    {
        _tokenWatch?.Cancel();
        foreach (var id in _operations.Keys)
        {
            EndOperation(id);
        }
    }

    public async Task OnMessageAsync(ReadOnlyMemory<byte> text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException)
        {
            _connection.Close(GraphQLWebSocketCloseCodes.BadRequest, "Invalid message received");
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("type", out var typeElement)
                || typeElement.ValueKind != JsonValueKind.String)
            {
                _connection.Close(GraphQLWebSocketCloseCodes.BadRequest, "Invalid message received");
                return;
            }

            switch (typeElement.GetString())
            {
                case "connection_init":
                    await InitAsync(root);
                    break;
                case "ping":
                    _connection.Send(Pong);
                    break;
                case "pong":
                    break;
                case "subscribe":
                    await SubscribeAsync(root);
                    break;
                case "complete":
                    if (Id(root, _options.MaxOperationIdLength) is { } id)
                    {
                        EndOperation(id);
                    }
                    else
                    {
                        _connection.Close(GraphQLWebSocketCloseCodes.BadRequest, "Invalid message received");
                    }

                    break;
                default:
                    _connection.Close(GraphQLWebSocketCloseCodes.BadRequest, "Invalid message received");
                    break;
            }
        }
    }

    private async Task InitAsync(JsonElement root)
    {
        if (_initReceived)
        {
            _connection.Close(GraphQLWebSocketCloseCodes.TooManyInitialisationRequests, "Too many initialisation requests");
            return;
        }

        _initReceived = true;
        var hasPayload = root.TryGetProperty("payload", out var payload) && payload.ValueKind != JsonValueKind.Null;
        if (hasPayload && payload.ValueKind != JsonValueKind.Object)
        {
            _connection.Close(GraphQLWebSocketCloseCodes.BadRequest, "Invalid message received");
            return;
        }

        if (hasPayload && Authorization(payload) is { } authorization)
        {
            if (authorization.ValueKind != JsonValueKind.String || await _tokens.ValidateAsync(authorization.GetString()) is not { } user)
            {
                _connection.Close(GraphQLWebSocketCloseCodes.Forbidden, "Forbidden");
                return;
            }

            _authorization = authorization.GetString();
            _user = user;
            WatchToken(_authorization!, user);
        }

        _acknowledged = true;
        _connection.Send(Ack);
    }

    private static JsonElement? Authorization(JsonElement payload)
    {
        foreach (var property in payload.EnumerateObject())
        {
            if (property.NameEquals("authorization") || property.NameEquals("Authorization"))
            {
                return property.Value;
            }
        }

        return null;
    }

    private async Task SubscribeAsync(JsonElement root)
    {
        if (!_acknowledged)
        {
            _connection.Close(GraphQLWebSocketCloseCodes.Unauthorized, "Unauthorized");
            return;
        }

        if (Id(root, _options.MaxOperationIdLength) is not { } id
            || !root.TryGetProperty("payload", out var payload)
            || payload.ValueKind != JsonValueKind.Object
            || !payload.TryGetProperty("query", out var query)
            || query.ValueKind != JsonValueKind.String
            || Optional(payload, "variables") is not { } variables
            || Optional(payload, "extensions") is not { } extensions
            || (payload.TryGetProperty("operationName", out var operationName) && operationName.ValueKind is not (JsonValueKind.String or JsonValueKind.Null)))
        {
            _connection.Close(GraphQLWebSocketCloseCodes.BadRequest, "Invalid message received");
            return;
        }

        // The token is checked again for every operation: an expired one ends the socket.
        if (_authorization is not null && await _tokens.ValidateAsync(_authorization) is null)
        {
            _connection.Close(GraphQLWebSocketCloseCodes.Forbidden, "Forbidden");
            return;
        }

        var operation = new GraphQLWsOperation(id);
        if (!_operations.TryAdd(id, operation))
        {
            _connection.Close(GraphQLWebSocketCloseCodes.SubscriberAlreadyExists, $"Subscriber for {id} already exists");
            return;
        }

        if (_operations.Count > _options.MaxOperationsPerSocket)
        {
            EndOperation(id);
            SendError(id, new ExecutionError($"A socket runs at most {_options.MaxOperationsPerSocket} operations at once.") { Code = HitlGraphQLErrorCodes.TooManySubscriptions });
            return;
        }

        var options = new ExecutionOptions
        {
            Query = query.GetString(),
            OperationName = operationName.ValueKind == JsonValueKind.String ? operationName.GetString() : null,
            Variables = variables.ValueKind == JsonValueKind.Object ? _serializer.ReadNode<global::GraphQL.Inputs>(variables) : null,
            Extensions = extensions.ValueKind == JsonValueKind.Object ? _serializer.ReadNode<global::GraphQL.Inputs>(extensions) : null,
            RequestServices = _http.RequestServices,
            User = _user,
            UserContext = new GraphQLUserContext(_user) { ClientAddress = _http.Connection.RemoteIpAddress, [ISubscriberConnection.UserContextKey] = this },
            CancellationToken = operation.Cancellation.Token,
            ValidationRules = DocumentValidator.CoreRules,
        };

        // Runs beside the receive loop, so a 'complete' or a ping is handled while it executes.
        _ = ExecuteAsync(id, operation, options);
    }

    private async Task ExecuteAsync(string id, GraphQLWsOperation operation, ExecutionOptions options)
    {
        try
        {
            var result = await _executer.ExecuteAsync(options);
            if (!IsCurrent(id, operation))
            {
                // Completed meanwhile: nothing subscribed to its stream, so nothing runs.
                return;
            }

            if (result.Streams is { Count: > 0 } streams)
            {
                var subscription = streams.Values.First().Subscribe(new Forwarder(this, operation));
                if (!operation.Attach(subscription))
                {
                    subscription.Dispose();
                }

                return;
            }

            var failedSubscription = result.Operation?.Operation == GraphQLParser.AST.OperationType.Subscription && result.Errors is { Count: > 0 };
            if (!result.Executed || failedSubscription)
            {
                // Parse and validation failures (the operation never ran), or a subscription refused
                // before it started (FORBIDDEN, NOT_FOUND, ...): the protocol's error message.
                if (_operations.TryRemove(new KeyValuePair<string, GraphQLWsOperation>(id, operation)))
                {
                    SendErrors(id, result);
                }

                return;
            }

            SendNext(id, result);
            if (_operations.TryRemove(new KeyValuePair<string, GraphQLWsOperation>(id, operation)))
            {
                SendComplete(id);
            }
        }
        catch (OperationCanceledException) when (operation.Cancellation.IsCancellationRequested)
        {
            // The client completed the operation, or the socket closed.
        }
        catch (Exception ex)
        {
            LogOperationFailed(_logger, ex, id.Length);
            if (_operations.TryRemove(new KeyValuePair<string, GraphQLWsOperation>(id, operation)))
            {
                SendError(id, new ExecutionError("The operation failed.") { Code = HitlGraphQLErrorCodes.InternalServerError });
            }
        }
    }

    private bool IsCurrent(string id, GraphQLWsOperation operation) =>
        _operations.TryGetValue(id, out var current) && ReferenceEquals(current, operation);

    private void EndOperation(string id)
    {
        if (_operations.TryRemove(id, out var operation))
        {
            operation.Dispose();
        }
    }

    /// <summary>The message's operation id: a non-empty string of at most <paramref name="maxLength"/> characters, else null (an invalid message).</summary>
    private static string? Id(JsonElement root, int maxLength)
    {
        if (!root.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        return id.GetString() is { Length: > 0 } text && text.Length <= maxLength ? text : null;
    }

    /// <summary>
    /// Validates the socket's token again at its expiry (plus the validator's clock skew) and every
    /// <see cref="GraphQLWebSocketOptions.TokenRecheckInterval"/>; the first failure (expired, revoked) closes the
    /// socket with 4403. A later token (connection_init after an upgrade header) replaces the watch.
    /// </summary>
    private void WatchToken(string authorization, ClaimsPrincipal user)
    {
        // At most two per socket (upgrade header, then connection_init); each is cancelled, never disposed, so a
        // check still running never meets a disposed source. Its registration ends with the socket's own source.
        _tokenWatch?.Cancel();
        var watch = CancellationTokenSource.CreateLinkedTokenSource(_connection.Ended);
        _tokenWatch = watch;
        _ = WatchTokenAsync(authorization, Expiry(user), watch.Token);
    }

    private async Task WatchTokenAsync(string authorization, DateTimeOffset? expiry, CancellationToken cancellation)
    {
        try
        {
            while (true)
            {
                var wait = _options.TokenRecheckInterval;
                if (expiry is { } expires)
                {
                    // Just past the expiry, since a timer may fire a little early and the token is still valid at its
                    // last instant; if it still validates after that, check again soon rather than an interval later.
                    var untilExpired = expires + _clockSkew - _time.GetUtcNow();
                    var next = untilExpired > TimeSpan.Zero ? untilExpired + ExpiryMargin : ExpiryMargin;
                    wait = next < wait ? next : wait;
                }

                await Task.Delay(wait, _time, cancellation);
                if (await _tokens.ValidateAsync(authorization) is null)
                {
                    cancellation.ThrowIfCancellationRequested();
                    LogTokenNoLongerValid(_logger);
                    _connection.Close(GraphQLWebSocketCloseCodes.Forbidden, "Forbidden");
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            // The socket ended, or another token replaced this one.
        }
        catch (Exception ex)
        {
            // The validator failed (it may ask the cluster about revocations): fail closed.
            LogTokenCheckFailed(_logger, ex);
            _connection.Close(GraphQLWebSocketCloseCodes.InternalServerError, "Internal server error");
        }
    }

    /// <summary>The token's <c>exp</c> claim.</summary>
    private static DateTimeOffset? Expiry(ClaimsPrincipal user) =>
        long.TryParse(user.FindFirst("exp")?.Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
        && seconds is > 0 and < 253_402_300_800
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    /// <summary>The optional object member <paramref name="name"/>: undefined or null is fine, anything but an object is not (null result).</summary>
    private static JsonElement? Optional(JsonElement payload, string name) =>
        !payload.TryGetProperty(name, out var value) || value.ValueKind is JsonValueKind.Null or JsonValueKind.Object ? value : null;

    // A subscription event's result may be shared by many subscriptions (SharedSubscriptionExecutionStrategy): its JSON is made once.
    private void SendNext(string id, ExecutionResult result) =>
        _connection.Send(Envelope(id, "next", SharedSubscriptionExecutionStrategy.SerializedResults(result, _serializer.Serialize)));

    private void SendComplete(string id) => _connection.Send(Envelope(id, "complete", null));

    private void SendError(string id, ExecutionError error) => SendErrors(id, new ExecutionResult(error));

    private void SendErrors(string id, ExecutionResult result)
    {
        using var document = JsonDocument.Parse(_serializer.Serialize(new ExecutionResult { Errors = result.Errors }));
        _connection.Send(Envelope(id, "error", document.RootElement.GetProperty("errors").GetRawText()));
    }

    private static byte[] Envelope(string id, string type, string? payload)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("id", id);
            writer.WriteString("type", type);
            if (payload is not null)
            {
                writer.WritePropertyName("payload");
                writer.WriteRawValue(payload, skipInputValidation: true);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    // The client chooses operation ids: only their length is logged.
    [LoggerMessage(Level = LogLevel.Error, Message = "A GraphQL operation over a WebSocket (id of {IdLength} characters) failed.")]
    private static partial void LogOperationFailed(ILogger logger, Exception exception, int idLength);

    [LoggerMessage(Level = LogLevel.Information, Message = "A WebSocket's token expired or was revoked; closed with 4403.")]
    private static partial void LogTokenNoLongerValid(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Checking a WebSocket's token again failed; the socket is closed.")]
    private static partial void LogTokenCheckFailed(ILogger logger, Exception exception);

    /// <summary>Turns a subscription's results into <c>next</c> messages, and its end into <c>complete</c> or <c>error</c>.</summary>
    private sealed class Forwarder(GraphQLWsSubscriptionServer server, GraphQLWsOperation operation) : IObserver<ExecutionResult>
    {
        public void OnNext(ExecutionResult value)
        {
            if (server.IsCurrent(operation.Id, operation))
            {
                server.SendNext(operation.Id, value);
            }
        }

        public void OnError(Exception error)
        {
            if (server._operations.TryRemove(new KeyValuePair<string, GraphQLWsOperation>(operation.Id, operation)))
            {
                server.SendError(operation.Id, new ExecutionError("The subscription's source failed.") { Code = HitlGraphQLErrorCodes.InternalServerError });
                operation.Dispose();
            }
        }

        public void OnCompleted()
        {
            if (server._operations.TryRemove(new KeyValuePair<string, GraphQLWsOperation>(operation.Id, operation)))
            {
                server.SendComplete(operation.Id);
                operation.Dispose();
            }
        }
    }
}
