using System.Net;
using System.Threading.RateLimiting;
using Hitl.Api.GraphQL.WebSockets;
using Microsoft.Extensions.Options;

namespace Hitl.Api.Limits;

/// <summary>
/// Caps on open WebSockets: <see cref="GraphQLWebSocketOptions.MaxSockets"/> in all and
/// <see cref="GraphQLWebSocketOptions.MaxSocketsPerClient"/> per client address (the latter off when
/// <see cref="RateLimitOptions.Enabled"/> is false), as concurrency limiters chained into one
/// <see cref="PartitionedRateLimiter{TResource}"/>. A socket holds its lease while it is open.
/// </summary>
internal sealed class WebSocketAdmission : IDisposable
{
    private const string Everyone = "";

    private readonly PartitionedRateLimiter<string> _total;
    private readonly PartitionedRateLimiter<string>? _perClient;
    private readonly PartitionedRateLimiter<string> _limiter;

    public WebSocketAdmission(IOptions<GraphQLWebSocketOptions> sockets, IOptions<RateLimitOptions> limits)
    {
        var max = sockets.Value.MaxSockets;
        var perClient = sockets.Value.MaxSocketsPerClient;
        _total = PartitionedRateLimiter.Create<string, string>(_ => RateLimitPartition.GetConcurrencyLimiter(
            Everyone, _ => new ConcurrencyLimiterOptions { PermitLimit = max, QueueLimit = 0 }));
        if (limits.Value.Enabled)
        {
            _perClient = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetConcurrencyLimiter(
                address, _ => new ConcurrencyLimiterOptions { PermitLimit = perClient, QueueLimit = 0 }));
            _limiter = PartitionedRateLimiter.CreateChained(_total, _perClient);
        }
        else
        {
            _limiter = _total;
        }
    }

    /// <summary>A lease to keep while the socket from <paramref name="address"/> is open, or null when a cap is reached.</summary>
    public IDisposable? TryAdmit(IPAddress? address)
    {
        var lease = _limiter.AttemptAcquire(ClientAddress.Key(address));
        if (lease.IsAcquired)
        {
            return lease;
        }

        lease.Dispose();
        return null;
    }

    public void Dispose()
    {
        if (!ReferenceEquals(_limiter, _total))
        {
            _limiter.Dispose();
        }

        _perClient?.Dispose();
        _total.Dispose();
    }
}
