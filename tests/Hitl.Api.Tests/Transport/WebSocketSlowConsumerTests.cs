using Hitl.Api.GraphQL.WebSockets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hitl.Api.Tests.Transport;

public sealed class WebSocketSlowConsumerTests
{
    [Fact]
    public async Task A_client_that_does_not_read_is_cut_off_and_its_queue_never_grows_past_the_limit()
    {
        var socket = new StalledWebSocket();
        var options = new GraphQLWebSocketOptions { SendQueueCapacity = 8, CloseTimeout = TimeSpan.FromMilliseconds(50) };
        using var connection = new GraphQLWebSocketConnection(socket, new DefaultHttpContext(), null!, null!, null!, options, NullLogger.Instance);
        socket.Script("{\"type\":\"connection_init\"}");
        for (var i = 0; i < 100; i++)
        {
            socket.Script("{\"type\":\"ping\"}");
        }

        // Ends on its own: the full queue closes the socket as a slow consumer, and the stuck send is aborted.
        await connection.RunAsync(null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(GraphQLWebSocketCloseCodes.SlowConsumer, connection.CloseCode);
        Assert.InRange(socket.SendsStarted, 0, 1);
    }
}
