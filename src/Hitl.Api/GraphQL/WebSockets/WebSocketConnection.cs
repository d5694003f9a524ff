using System.Buffers;
using System.Net.WebSockets;
using System.Threading.Channels;

namespace Hitl.Api.GraphQL.WebSockets;

/// <summary>
/// One WebSocket, whatever protocol it speaks: one loop receives whole text messages and hands them, in order, to a
/// <see cref="IWebSocketMessageHandler"/>; every outgoing message goes through one bounded queue drained by one
/// writer, so a client that does not read is cut off (1013) instead of growing memory. Closing sends the close frame
/// and keeps reading until the client's close frame arrives or <see cref="GraphQLWebSocketOptions.CloseTimeout"/>
/// passes; a close the client starts is echoed with its own code.
/// </summary>
internal sealed class WebSocketConnection : IDisposable
{
    private readonly WebSocket _socket;
    private readonly GraphQLWebSocketOptions _options;
    private readonly Channel<byte[]> _outgoing;
    private readonly TaskCompletionSource<(int Code, string Reason)> _close = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _abort = new();

    public WebSocketConnection(WebSocket socket, GraphQLWebSocketOptions options)
    {
        _socket = socket;
        _options = options;
        _outgoing = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(options.SendQueueCapacity) { SingleReader = true });
    }

    /// <summary>The close code asked for first (ours or the client's echoed), or null while open.</summary>
    public int? CloseCode { get; private set; }

    /// <summary>Cancelled when the socket is done: <see cref="RunAsync"/> ended, or the client never answered our close.</summary>
    public CancellationToken Ended => _abort.Token;

    /// <summary>Serves the socket until it closes; <paramref name="handler"/> gets every whole text message in order.</summary>
    public async Task RunAsync(IWebSocketMessageHandler handler)
    {
        var writer = WriteLoopAsync();
        try
        {
            await ReceiveLoopAsync(handler);
        }
        finally
        {
            handler.OnReceiveEnded();
            _outgoing.Writer.TryComplete();
            Close(GraphQLWebSocketCloseCodes.Normal, string.Empty);
            await writer;
            await _abort.CancelAsync();
        }
    }

    /// <summary>The longest close reason a close frame carries, in UTF-8 bytes (RFC 6455: 125 bytes of payload less the code).</summary>
    internal const int MaxCloseReasonBytes = 123;

    /// <summary>Closes the socket as a protocol violation or on purpose; later calls change nothing.</summary>
    public void Close(int code, string reason)
    {
        if (!_close.TrySetResult((code, Fit(reason))))
        {
            return;
        }

        CloseCode = code;

        // Wait for the client's close frame only so long.
        _ = Task.Delay(_options.CloseTimeout).ContinueWith(_ => Abort(), TaskScheduler.Default);
    }

    /// <summary>Cuts <paramref name="reason"/> to what a close frame can carry (a longer one would make the close fail).</summary>
    internal static string Fit(string reason)
    {
        if (System.Text.Encoding.UTF8.GetByteCount(reason) <= MaxCloseReasonBytes)
        {
            return reason;
        }

        var length = Math.Min(reason.Length, MaxCloseReasonBytes);
        while (length > 0 && (System.Text.Encoding.UTF8.GetByteCount(reason.AsSpan(0, length)) > MaxCloseReasonBytes || char.IsHighSurrogate(reason[length - 1])))
        {
            length--;
        }

        return reason[..length];
    }

    public void CutOffSlowConsumer() => Close(GraphQLWebSocketCloseCodes.SlowConsumer, "Slow consumer");

    /// <summary>Queues one text message; a full queue means the client does not read: it is cut off.</summary>
    public void Send(byte[] message)
    {
        if (!_outgoing.Writer.TryWrite(message) && !_close.Task.IsCompleted)
        {
            CutOffSlowConsumer();
        }
    }

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

    private async Task ReceiveLoopAsync(IWebSocketMessageHandler handler)
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
                await handler.OnMessageAsync(message.WrittenMemory);
            }

            message.ResetWrittenCount();
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
}
