using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;

namespace Hitl.Api.Tests.Transport;

/// <summary>A client that sends scripted messages and never reads: every send blocks until the socket is aborted.</summary>
public sealed class StalledWebSocket : WebSocket
{
    private readonly Channel<string> _incoming = Channel.CreateUnbounded<string>();
    private WebSocketState _state = WebSocketState.Open;
    private int _sendsStarted;

    public int SendsStarted => _sendsStarted;

    public override WebSocketCloseStatus? CloseStatus => null;

    public override string? CloseStatusDescription => null;

    public override WebSocketState State => _state;

    public override string? SubProtocol => "graphql-transport-ws";

    public void Script(string message) => _incoming.Writer.TryWrite(message);

    public override void Abort() => _state = WebSocketState.Aborted;

    public override Task CloseAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) =>
        CloseOutputAsync(closeStatus, statusDescription, cancellationToken);

    public override Task CloseOutputAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken)
    {
        _state = WebSocketState.CloseSent;
        return Task.CompletedTask;
    }

    public override void Dispose() => _state = WebSocketState.Closed;

    public override async Task<WebSocketReceiveResult> ReceiveAsync(ArraySegment<byte> buffer, CancellationToken cancellationToken)
    {
        var text = await _incoming.Reader.ReadAsync(cancellationToken);
        var bytes = Encoding.UTF8.GetBytes(text);
        bytes.CopyTo(buffer.Array!, buffer.Offset);
        return new WebSocketReceiveResult(bytes.Length, WebSocketMessageType.Text, endOfMessage: true);
    }

    public override async Task SendAsync(ArraySegment<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _sendsStarted);
        await Task.Delay(Timeout.Infinite, cancellationToken);
    }
}
