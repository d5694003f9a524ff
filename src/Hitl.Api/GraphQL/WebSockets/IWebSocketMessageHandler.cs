namespace Hitl.Api.GraphQL.WebSockets;

/// <summary>The protocol spoken on a <see cref="WebSocketConnection"/>: it gets the client's messages, one at a time, in order.</summary>
internal interface IWebSocketMessageHandler
{
    /// <summary>One whole text message (UTF-8); the next is not read until the returned task ends.</summary>
    Task OnMessageAsync(ReadOnlyMemory<byte> text);

    /// <summary>The client sends nothing more (closed, aborted, or the socket failed): end whatever still runs.</summary>
    void OnReceiveEnded();
}
