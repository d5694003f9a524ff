using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Hitl.Api.Tests.Live;

/// <summary>A raw graphql-transport-ws client for protocol tests: sends any text, reads messages and the close.</summary>
public sealed class WsClient : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly ClientWebSocket _socket = new();

    // Messages read while looking for another operation's, kept for later lookups.
    private List<JsonElement> _unclaimed = [];

    private WsClient()
    {
    }

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public WebSocketState State => _socket.State;

    public string? SubProtocol => _socket.SubProtocol;

    public static async Task<WsClient> ConnectAsync(Uri uri, string? subProtocol = "graphql-transport-ws")
    {
        var client = new WsClient();
        if (subProtocol is not null)
        {
            client._socket.Options.AddSubProtocol(subProtocol);
        }

        await client._socket.ConnectAsync(uri, CancellationToken.None);
        return client;
    }

    /// <summary>
    /// Connects with <paramref name="configure"/> applied to the handshake's options (e.g. an Authorization header)
    /// and, when given, through <paramref name="invoker"/> (e.g. a handler that connects from another source address).
    /// </summary>
    public static async Task<WsClient> ConnectAsync(Uri uri, Action<ClientWebSocketOptions>? configure, HttpMessageInvoker? invoker = null)
    {
        var client = new WsClient();
        client._socket.Options.AddSubProtocol("graphql-transport-ws");
        configure?.Invoke(client._socket.Options);
        await client._socket.ConnectAsync(uri, invoker, CancellationToken.None);
        return client;
    }

    /// <summary>Connects, sends connection_init (with the token, if any) and waits for the ack.</summary>
    public static async Task<WsClient> ReadyAsync(Uri uri, string? token)
    {
        var client = await ConnectAsync(uri);
        await client.SendAsync(token is null ? new { type = "connection_init" } : new { type = "connection_init", payload = new { authorization = "Bearer " + token } });
        var ack = await client.ReceiveAsync();
        Assert.Equal("connection_ack", ack?.GetProperty("type").GetString());
        return client;
    }

    public Task SendAsync(object message) => SendTextAsync(JsonSerializer.Serialize(message));

    public Task SendTextAsync(string text) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    public Task SubscribeAsync(string id, string query, object? variables = null) =>
        SendAsync(new { id, type = "subscribe", payload = new { query, variables } });

    /// <summary>The next message, or null once the server closed the socket. Cancelling aborts the socket.</summary>
    public async Task<JsonElement?> ReceiveAsync(TimeSpan? patience = null, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(patience ?? Patience);
        var buffer = new byte[64 * 1024];
        using var text = new MemoryStream();
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                // Complete the closing handshake, as browsers do.
                if (_socket.State == WebSocketState.CloseReceived)
                {
                    await _socket.CloseOutputAsync(result.CloseStatus ?? WebSocketCloseStatus.NormalClosure, result.CloseStatusDescription, CancellationToken.None);
                }

                return null;
            }

            text.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return JsonDocument.Parse(text.ToArray()).RootElement.Clone();
            }
        }
    }

    /// <summary>Reads until a message for <paramref name="id"/> that matches; fails if the socket closes first.</summary>
    public async Task<JsonElement> ReceiveForAsync(string id, Func<JsonElement, bool>? match = null)
    {
        bool SameId(JsonElement m) => m.TryGetProperty("id", out var got) && got.GetString() == id;
        bool Matches(JsonElement m) => SameId(m) && (match is null || match(m));

        // This operation's earlier messages up to the match are passed over; other operations' stay.
        var index = _unclaimed.FindIndex(m => Matches(m));
        if (index >= 0)
        {
            var found = _unclaimed[index];
            _unclaimed = [.. _unclaimed.Where((m, i) => i > index || !SameId(m))];
            return found;
        }

        _unclaimed = [.. _unclaimed.Where(m => !SameId(m))];
        while (true)
        {
            var message = await ReceiveAsync() ?? throw new Xunit.Sdk.XunitException($"The socket closed ({CloseStatus}) while waiting for operation {id}.");
            if (Matches(message))
            {
                return message;
            }

            _unclaimed.Add(message);
        }
    }

    /// <summary>Reads the next event payload (<c>data.field</c>) of operation <paramref name="id"/> that matches.</summary>
    public async Task<JsonElement> NextAsync(string id, string field, Func<JsonElement, bool>? match = null)
    {
        var message = await ReceiveForAsync(id, m =>
            m.GetProperty("type").GetString() == "next"
            && m.GetProperty("payload").TryGetProperty("data", out var data)
            && data.ValueKind == JsonValueKind.Object
            && (match is null || match(data.GetProperty(field))));
        return message.GetProperty("payload").GetProperty("data").GetProperty(field);
    }

    /// <summary>Reads until the server closes, and returns its close code.</summary>
    public async Task<int?> ClosedAsync()
    {
        while (await ReceiveAsync() is not null)
        {
        }

        return (int?)_socket.CloseStatus;
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
            }
        }

        _socket.Dispose();
    }
}
