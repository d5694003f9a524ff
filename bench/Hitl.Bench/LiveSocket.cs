using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace Hitl.Bench;

/// <summary>A graphql-transport-ws socket that reads continuously and hands each event to a callback with its arrival time.</summary>
public sealed class LiveSocket : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly Channel<string> _acks = Channel.CreateUnbounded<string>();
    private Task _reader = Task.CompletedTask;

    public Action<string, JsonElement, long>? OnNext { get; set; }

    public static async Task<LiveSocket> ConnectAsync(Uri uri, string token)
    {
        var live = new LiveSocket();
        live._socket.Options.AddSubProtocol("graphql-transport-ws");
        await live._socket.ConnectAsync(uri, CancellationToken.None);
        live._reader = live.ReadLoopAsync();
        await live.SendAsync(new { type = "connection_init", payload = new { authorization = "Bearer " + token } });
        var ack = await live._acks.Reader.ReadAsync();
        if (ack != "connection_ack")
        {
            throw new InvalidOperationException("No connection_ack: " + ack);
        }

        return live;
    }

    public Task SubscribeAsync(string id, string query, object? variables = null) =>
        SendAsync(new { id, type = "subscribe", payload = new { query, variables } });

    private Task SendAsync(object message) =>
        _socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(message), WebSocketMessageType.Text, true, CancellationToken.None);

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[256 * 1024];
        var text = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                text.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }

                var at = System.Diagnostics.Stopwatch.GetTimestamp();
                using var document = JsonDocument.Parse(text.ToArray());
                text.SetLength(0);
                var root = document.RootElement;
                var type = root.GetProperty("type").GetString()!;
                if (type == "next" && OnNext is { } onNext)
                {
                    onNext(root.GetProperty("id").GetString()!, root.GetProperty("payload").Clone(), at);
                }
                else if (type is "connection_ack" or "error")
                {
                    _acks.Writer.TryWrite(type == "error" ? Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(root)) : type);
                }
            }
        }
        catch (WebSocketException)
        {
            // The server went away; the benchmark reports what it measured.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
            }
            catch (WebSocketException)
            {
            }
        }

        await Task.WhenAny(_reader, Task.Delay(TimeSpan.FromSeconds(2)));
        _socket.Dispose();
    }
}
