using System.Net;
using System.Net.Sockets;
using Hitl.Api.Tests.Infrastructure;
using Hitl.Api.Tests.Live;

namespace Hitl.Api.Tests.Security;

/// <summary>
/// Servers for the abuse-limit tests (rate limits on, unlike every other test server), on real Kestrel ports so each
/// test can call from its own loopback address (127.0.1.x) and count as its own client:
/// <list type="bullet">
/// <item><see cref="Limited"/>: small token buckets that do not refill during a test run (1 per hour), at most 2 sockets per
/// client address and 6 in all, a 1 s token recheck.</item>
/// <item><see cref="ShortTokens"/>: staff tokens that live 5 s with no clock skew, and a recheck interval of an hour,
/// so a socket closed at the token's expiry was closed by the expiry check.</item>
/// </list>
/// </summary>
public sealed class RateLimitFixture : IAsyncLifetime
{
    public const int StartConversationBurst = 3;
    public const int CustomerMessagesBurst = 3;
    public const int PublicCallsBurst = 40;
    public const int MaxSocketsPerClient = 2;
    public const int MaxSockets = 6;

    private static int _nextAddress = 10;

    public LiveServer Limited { get; private set; } = null!;

    public LiveServer ShortTokens { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Limited = new LiveServer(new Dictionary<string, string>
        {
            ["Hitl:RateLimits:Enabled"] = "true",
            ["Hitl:RateLimits:StartConversation:Burst"] = $"{StartConversationBurst}",
            ["Hitl:RateLimits:StartConversation:PerPeriod"] = "1",
            ["Hitl:RateLimits:StartConversation:Period"] = "01:00:00",
            ["Hitl:RateLimits:PublicCalls:Burst"] = $"{PublicCallsBurst}",
            ["Hitl:RateLimits:PublicCalls:PerPeriod"] = "1",
            ["Hitl:RateLimits:PublicCalls:Period"] = "01:00:00",
            ["Hitl:RateLimits:CustomerMessages:Burst"] = $"{CustomerMessagesBurst}",
            ["Hitl:RateLimits:CustomerMessages:PerPeriod"] = "1",
            ["Hitl:RateLimits:CustomerMessages:Period"] = "01:00:00",
            ["Hitl:WebSocket:MaxSocketsPerClient"] = $"{MaxSocketsPerClient}",
            ["Hitl:WebSocket:MaxSockets"] = $"{MaxSockets}",
            ["Hitl:WebSocket:TokenRecheckInterval"] = "00:00:01",
        });
        ShortTokens = new LiveServer(new Dictionary<string, string>
        {
            ["Hitl:Jwt:AccessTokenLifetime"] = "00:00:05",
            ["Hitl:Jwt:ClockSkew"] = "00:00:00",
            ["Hitl:WebSocket:TokenRecheckInterval"] = "01:00:00",
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Limited.DisposeAsync();
        await ShortTokens.DisposeAsync();
    }

    /// <summary>A loopback address no other test uses: the server sees a new client.</summary>
    public static IPAddress NewClientAddress() => IPAddress.Parse($"127.0.1.{Interlocked.Increment(ref _nextAddress)}");

    /// <summary>An HTTP handler whose connections come from <paramref name="source"/>.</summary>
    public static SocketsHttpHandler From(IPAddress source) => new()
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(source, 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    /// <summary>A GraphQL client of <paramref name="server"/> calling from <paramref name="source"/>.</summary>
    public static GraphQLClient ClientFrom(LiveServer server, IPAddress source) =>
        new(new HttpClient(From(source)) { BaseAddress = server.BaseAddress });
}

[CollectionDefinition(Name)]
public sealed class RateLimitCollection : ICollectionFixture<RateLimitFixture>
{
    public const string Name = "rate limits";
}
