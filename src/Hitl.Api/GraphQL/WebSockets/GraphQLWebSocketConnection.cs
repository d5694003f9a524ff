using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using GraphQL;
using GraphQL.Types;
using GraphQL.Validation;
using Hitl.Api.Auth;
using Hitl.Api.GraphQL.Errors;
using Hitl.Api.GraphQL.Http;

namespace Hitl.Api.GraphQL.WebSockets;

/// <summary>
/// One graphql-transport-ws socket. One loop receives and handles client messages in order;
/// every outgoing message goes through one bounded queue drained by one writer, so a client
/// that does not read is cut off (1013) instead of growing memory. Closing sends the close frame
/// and keeps reading until the client's close frame arrives or <see cref="GraphQLWebSocketOptions.CloseTimeout"/>
/// passes; a close the client starts is echoed with its own code.
/// </summary>
internal sealed partial class GraphQLWebSocketConnection : ISubscriberConnection, IDisposable
{
    private static readonly byte[] Ack = Encoding.UTF8.GetBytes("{\"type\":\"connection_ack\"}");
    private static readonly byte[] Pong = Encoding.UTF8.GetBytes("{\"type\":\"pong\"}");

    private readonly WebSocket _socket;
    private readonly HttpContext _http;
    private readonly IDocumentExecuter<ISchema> _executer;
    private readonly IGraphQLTextSerializer _serializer;
    private readonly BearerTokenValidator _tokens;
    private readonly GraphQLWebSocketOptions _options;
    private readonly ILogger _logger;
    private readonly Channel<byte[]> _outgoing;
    private readonly ConcurrentDictionary<string, Operation> _operations = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource<(int Code, string Reason)> _close = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _abort = new();
    private ClaimsPrincipal _user = new(new ClaimsIdentity());
    private string? _authorization;
    private bool _initReceived;
    private volatile bool _acknowledged;

    public GraphQLWebSocketConnection(
        WebSocket socket,
        HttpContext http,
        IDocumentExecuter<ISchema> executer,
        IGraphQLTextSerializer serializer,
        BearerTokenValidator tokens,
        GraphQLWebSocketOptions options,
        ILogger logger)
    {
        _socket = socket;
        _http = http;
        _executer = executer;
        _serializer = serializer;
        _tokens = tokens;
        _options = options;
        _logger = logger;
        _outgoing = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(options.SendQueueCapacity) { SingleReader = true });
    }

    /// <summary>Serves the socket until it closes.</summary>
    public async Task RunAsync(ClaimsPrincipal? upgradeUser, CancellationToken stopping)
    {
        if (upgradeUser is not null)
        {
            _user = upgradeUser;
        }

        using var shutdown = stopping.Register(() => Close(GraphQLWebSocketCloseCodes.GoingAway, "Server is shutting down"));
        var writer = WriteLoopAsync();
        var initTimeout = InitTimeoutAsync();
        try
        {
            await ReceiveLoopAsync();
        }
        finally
        {
            foreach (var id in _operations.Keys)
            {
                EndOperation(id);
            }

            _outgoing.Writer.TryComplete();
            Close(GraphQLWebSocketCloseCodes.Normal, string.Empty);
            await writer;
            await _abort.CancelAsync();
            await initTimeout;
        }
    }

    /// <summary>The close code asked for first (ours or the client's echoed), or null while open.</summary>
    public int? CloseCode => _close.Task.IsCompleted ? _close.Task.Result.Code : null;

    /// <summary>Closes the socket as a protocol violation or on purpose; later calls change nothing.</summary>
    public void Close(int code, string reason)
    {
        if (!_close.TrySetResult((code, reason)))
        {
            return;
        }

        // Wait for the client's close frame only so long.
        _ = Task.Delay(_options.CloseTimeout).ContinueWith(_ => Abort(), TaskScheduler.Default);
    }

    public void CutOffSlowConsumer() => Close(GraphQLWebSocketCloseCodes.SlowConsumer, "Slow consumer");

    public void Dispose() => _abort.Dispose();

    private void Abort()
    {
        try
        {
            _abort.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Finished already.
        }
    }

    private async Task InitTimeoutAsync()
    {
        try
        {
            await Task.Delay(_options.ConnectionInitTimeout, _abort.Token);
            if (!_initReceived)
            {
                Close(GraphQLWebSocketCloseCodes.ConnectionInitialisationTimeout, "Connection initialisation timeout");
            }
        }
        catch (OperationCanceledException)
        {
            // The socket ended first.
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[4096];
        var message = new ArrayBufferWriter<byte>();
        var discarding = false;
        while (_socket.State is WebSocketState.Open or WebSocketState.CloseSent)
        {
            ValueWebSocketReceiveResult received;
            try
            {
                received = await _socket.ReceiveAsync(buffer.AsMemory(), _abort.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                return;
            }

            if (received.MessageType == WebSocketMessageType.Close)
            {
                // Echo the client's code, so it sees the close it asked for (or ours, if we asked first).
                Close((int?)_socket.CloseStatus ?? GraphQLWebSocketCloseCodes.Normal, _socket.CloseStatusDescription ?? string.Empty);
                return;
            }

            if (_close.Task.IsCompleted)
            {
                continue;
            }

            if (discarding || message.WrittenCount + received.Count > _options.MaxMessageBytes)
            {
                discarding = !received.EndOfMessage;
                message.ResetWrittenCount();
                Close(GraphQLWebSocketCloseCodes.MessageTooBig, "Message too big");
                continue;
            }

            message.Write(buffer.AsSpan(0, received.Count));
            if (!received.EndOfMessage)
            {
                continue;
            }

            if (received.MessageType != WebSocketMessageType.Text)
            {
                Close(GraphQLWebSocketCloseCodes.BadRequest, "Invalid message received");
            }
            else
            {
                await HandleAsync(message.WrittenMemory);
            }

            message.ResetWrittenCount();
        }
    }

    private async Task HandleAsync(ReadOnlyMemory<byte> text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException)
        {
            Close(GraphQLWebSocketCloseCodes.BadRequest, "Invalid message received");
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("type", out var typeElement)
                || typeElement.ValueKind != JsonValueKind.String)
            {
                Close(GraphQLWebSocketCloseCodes.BadRequest, "Invalid message received");
                return;
            }

            switch (typeElement.GetString())
            {
                case "connection_init":
                    await InitAsync(root);
                    break;
                case "ping":
                    Send(Pong);
                    break;
                case "pong":
                    break;
                case "subscribe":
                    await SubscribeAsync(root);
                    break;
                case "complete":
                    if (Id(root) is { } id)
                    {
                        EndOperation(id);
                    }
                    else
                    {
                        Close(GraphQLWebSocketCloseCodes.BadRequest, "Invalid message received");
                    }

                    break;
                default:
                    Close(GraphQLWebSocketCloseCodes.BadRequest, "Invalid message received");
                    break;
            }
        }
    }

    private async Task InitAsync(JsonElement root)
    {
        if (_initReceived)
        {
            Close(GraphQLWebSocketCloseCodes.TooManyInitialisationRequests, "Too many initialisation requests");
            return;
        }

        _initReceived = true;
        var hasPayload = root.TryGetProperty("payload", out var payload) && payload.ValueKind != JsonValueKind.Null;
        if (hasPayload && payload.ValueKind != JsonValueKind.Object)
        {
            Close(GraphQLWebSocketCloseCodes.BadRequest, "Invalid message received");
            return;
        }

        if (hasPayload && Authorization(payload) is { } authorization)
        {
            if (authorization.ValueKind != JsonValueKind.String || await _tokens.ValidateAsync(authorization.GetString()) is not { } user)
            {
                Close(GraphQLWebSocketCloseCodes.Forbidden, "Forbidden");
                return;
            }

            _authorization = authorization.GetString();
            _user = user;
        }

        _acknowledged = true;
        Send(Ack);
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
            Close(GraphQLWebSocketCloseCodes.Unauthorized, "Unauthorized");
            return;
        }

        if (Id(root) is not { } id
            || !root.TryGetProperty("payload", out var payload)
            || payload.ValueKind != JsonValueKind.Object
            || !payload.TryGetProperty("query", out var query)
            || query.ValueKind != JsonValueKind.String
            || Optional(payload, "variables") is not { } variables
            || Optional(payload, "extensions") is not { } extensions
            || (payload.TryGetProperty("operationName", out var operationName) && operationName.ValueKind is not (JsonValueKind.String or JsonValueKind.Null)))
        {
            Close(GraphQLWebSocketCloseCodes.BadRequest, "Invalid message received");
            return;
        }

        // The token is checked again for every operation: an expired one ends the socket.
        if (_authorization is not null && await _tokens.ValidateAsync(_authorization) is null)
        {
            Close(GraphQLWebSocketCloseCodes.Forbidden, "Forbidden");
            return;
        }

        var operation = new Operation();
        if (!_operations.TryAdd(id, operation))
        {
            Close(GraphQLWebSocketCloseCodes.SubscriberAlreadyExists, $"Subscriber for {id} already exists");
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
            UserContext = new GraphQLUserContext(_user) { [ISubscriberConnection.UserContextKey] = this },
            CancellationToken = operation.Cancellation.Token,
            ValidationRules = DocumentValidator.CoreRules,
        };

        // Runs beside the receive loop, so a 'complete' or a ping is handled while it executes.
        _ = ExecuteAsync(id, operation, options);
    }

    private async Task ExecuteAsync(string id, Operation operation, ExecutionOptions options)
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
                var subscription = streams.Values.First().Subscribe(new Forwarder(this, id, operation));
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
                if (_operations.TryRemove(new KeyValuePair<string, Operation>(id, operation)))
                {
                    SendErrors(id, result);
                }

                return;
            }

            SendNext(id, result);
            if (_operations.TryRemove(new KeyValuePair<string, Operation>(id, operation)))
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
            LogOperationFailed(_logger, ex, id);
            if (_operations.TryRemove(new KeyValuePair<string, Operation>(id, operation)))
            {
                SendError(id, new ExecutionError("The operation failed.") { Code = HitlGraphQLErrorCodes.InternalServerError });
            }
        }
    }

    private bool IsCurrent(string id, Operation operation) =>
        _operations.TryGetValue(id, out var current) && ReferenceEquals(current, operation);

    private void EndOperation(string id)
    {
        if (_operations.TryRemove(id, out var operation))
        {
            operation.Dispose();
        }
    }

    private static string? Id(JsonElement root) =>
        root.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && id.GetString() is { Length: > 0 } text ? text : null;

    /// <summary>The optional object member <paramref name="name"/>: undefined or null is fine, anything but an object is not (null result).</summary>
    private static JsonElement? Optional(JsonElement payload, string name) =>
        !payload.TryGetProperty(name, out var value) || value.ValueKind is JsonValueKind.Null or JsonValueKind.Object ? value : null;

    // A subscription event's result may be shared by many subscriptions (SharedSubscriptionExecutionStrategy): its JSON is made once.
    private void SendNext(string id, ExecutionResult result) =>
        Send(Envelope(id, "next", SharedSubscriptionExecutionStrategy.SerializedResults(result, _serializer.Serialize)));

    private void SendComplete(string id) => Send(Envelope(id, "complete", null));

    private void SendError(string id, ExecutionError error) => SendErrors(id, new ExecutionResult(error));

    private void SendErrors(string id, ExecutionResult result)
    {
        using var document = JsonDocument.Parse(_serializer.Serialize(new ExecutionResult { Errors = result.Errors }));
        Send(Envelope(id, "error", document.RootElement.GetProperty("errors").GetRawText()));
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

    private void Send(byte[] message)
    {
        if (!_outgoing.Writer.TryWrite(message) && !_close.Task.IsCompleted)
        {
            CutOffSlowConsumer();
        }
    }

    private async Task WriteLoopAsync()
    {
        try
        {
            while (true)
            {
                var ready = _outgoing.Reader.WaitToReadAsync(_abort.Token).AsTask();
                await Task.WhenAny(ready, _close.Task);
                if (_close.Task.IsCompleted)
                {
                    break;
                }

                if (!await ready)
                {
                    break;
                }

                while (!_close.Task.IsCompleted && _outgoing.Reader.TryRead(out var message))
                {
                    await _socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, _abort.Token);
                }
            }

            var (code, reason) = await _close.Task;
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, _abort.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The socket is gone.
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "GraphQL operation {Id} over a WebSocket failed.")]
    private static partial void LogOperationFailed(ILogger logger, Exception exception, string id);

    /// <summary>One running operation: cancelled, and its stream unsubscribed, when it ends.</summary>
    private sealed class Operation : IDisposable
    {
        private readonly Lock _gate = new();
        private IDisposable? _subscription;
        private bool _disposed;

        public CancellationTokenSource Cancellation { get; } = new();

        /// <summary>False when the operation ended before its stream was attached.</summary>
        public bool Attach(IDisposable subscription)
        {
            lock (_gate)
            {
                if (_disposed)
                {
                    return false;
                }

                _subscription = subscription;
                return true;
            }
        }

        public void Dispose()
        {
            IDisposable? subscription;
            lock (_gate)
            {
                if (_disposed)
                {
                    return;
                }

                _disposed = true;
                subscription = _subscription;
            }

            Cancellation.Cancel();
            subscription?.Dispose();
            Cancellation.Dispose();
        }
    }

    /// <summary>Turns a subscription's results into <c>next</c> messages, and its end into <c>complete</c> or <c>error</c>.</summary>
    private sealed class Forwarder(GraphQLWebSocketConnection connection, string id, Operation operation) : IObserver<ExecutionResult>
    {
        public void OnNext(ExecutionResult value)
        {
            if (connection.IsCurrent(id, operation))
            {
                connection.SendNext(id, value);
            }
        }

        public void OnError(Exception error)
        {
            if (connection._operations.TryRemove(new KeyValuePair<string, Operation>(id, operation)))
            {
                connection.SendError(id, new ExecutionError("The subscription's source failed.") { Code = HitlGraphQLErrorCodes.InternalServerError });
                operation.Dispose();
            }
        }

        public void OnCompleted()
        {
            if (connection._operations.TryRemove(new KeyValuePair<string, Operation>(id, operation)))
            {
                connection.SendComplete(id);
                operation.Dispose();
            }
        }
    }
}
