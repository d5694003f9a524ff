using Microsoft.Extensions.Options;

namespace Hitl.Api.Limits;

/// <summary>
/// Abuse limits of the GraphQL API (configuration section <c>Hitl:RateLimits</c>), applied per root field of the
/// parsed operation by <see cref="OperationLimitsValidationRule"/>, in the same way over HTTP and over WebSocket.
/// </summary>
/// <remarks>
/// <para>Each rate limit is a token bucket (System.Threading.RateLimiting): a client may spend up to
/// <see cref="TokenBucketPolicy.Burst"/> calls at once, and the bucket refills by
/// <see cref="TokenBucketPolicy.PerPeriod"/> calls every <see cref="TokenBucketPolicy.Period"/> (.NET's
/// <c>TokenBucketRateLimiter</c>, one per client in a <c>PartitionedRateLimiter</c>). Aliases count: <c>a: sendMessage(...) b: sendMessage(...)</c> spends two.</para>
/// <para>A refused operation gets <c>RATE_LIMITED</c> (HTTP 429 with <c>Retry-After</c> when the limiter knows when a
/// retry can pass; over WebSocket an <c>error</c> message) and nothing runs.</para>
/// <para>The client address is <c>HttpContext.Connection.RemoteIpAddress</c>, the peer of the TCP connection.
/// Behind a reverse proxy or load balancer every client has the proxy's address: configure ASP.NET Core's
/// ForwardedHeaders middleware for the proxies you trust (X-Forwarded-For is not trusted by default).</para>
/// </remarks>
public sealed class RateLimitOptions
{
    public const string Section = "Hitl:RateLimits";

    /// <summary>
    /// False turns the per-client and per-token rate limits off (and the per-address WebSocket cap), for load tests
    /// and evaluations that run from one address. <see cref="MaxRootFields"/> and the total socket cap still apply.
    /// Default true.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Most root fields one operation may select (default 5). Aliases count, fields of fragments spread on the root
    /// count, <c>@skip</c>/<c>@include</c> do not exempt a field, and introspection fields (<c>__typename</c>,
    /// <c>__schema</c>, <c>__type</c>) count like any other. Over it the operation fails validation with
    /// <c>RATE_LIMITED</c> (HTTP 429, no Retry-After: it never passes as it is; split it) and nothing runs.
    /// Not affected by <see cref="Enabled"/>.
    /// </summary>
    public int MaxRootFields { get; set; } = 5;

    /// <summary><c>startConversation</c>, per client address. Default: 10 at once, then 10 per minute.</summary>
    public TokenBucketPolicy StartConversation { get; set; } = new() { Burst = 10, PerPeriod = 10 };

    /// <summary>
    /// The other public calls (<c>createAccessToken</c>, <c>createTenant</c>, <c>redeemInvite</c>), which guess at
    /// secrets, per client address, one bucket for all of them. Default: 20 at once, then 20 per minute.
    /// </summary>
    public TokenBucketPolicy PublicCalls { get; set; } = new() { Burst = 20, PerPeriod = 20 };

    /// <summary>A customer's <c>sendMessage</c>, per token subject (the conversation). Default: 30 at once, then 30 per minute.</summary>
    public TokenBucketPolicy CustomerMessages { get; set; } = new() { Burst = 30, PerPeriod = 30 };

    /// <summary>
    /// A customer's <c>requestHuman</c> and <c>resolve</c>, per token subject, one bucket for both. Default: 10 at
    /// once, then 10 per minute.
    /// </summary>
    public TokenBucketPolicy CustomerActions { get; set; } = new() { Burst = 10, PerPeriod = 10 };
}

/// <summary>One token bucket: <see cref="Burst"/> calls at once, refilled by <see cref="PerPeriod"/> every <see cref="Period"/>.</summary>
public sealed class TokenBucketPolicy
{
    /// <summary>Size of the bucket: calls a client may make at once after a quiet spell.</summary>
    public int Burst { get; set; } = 10;

    /// <summary>Calls added back every <see cref="Period"/>.</summary>
    public int PerPeriod { get; set; } = 10;

    /// <summary>Default one minute.</summary>
    public TimeSpan Period { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>Checks <see cref="RateLimitOptions"/> when the host starts.</summary>
internal sealed class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitOptions options)
    {
        var failures = new List<string>();
        if (options.MaxRootFields < 1)
        {
            failures.Add($"{RateLimitOptions.Section}:MaxRootFields must be at least 1.");
        }

        Check(nameof(RateLimitOptions.StartConversation), options.StartConversation);
        Check(nameof(RateLimitOptions.PublicCalls), options.PublicCalls);
        Check(nameof(RateLimitOptions.CustomerMessages), options.CustomerMessages);
        Check(nameof(RateLimitOptions.CustomerActions), options.CustomerActions);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        void Check(string policy, TokenBucketPolicy? bucket)
        {
            if (bucket is null)
            {
                failures.Add($"{RateLimitOptions.Section}:{policy} is missing.");
                return;
            }

            if (bucket.Burst < 1 || bucket.PerPeriod < 1)
            {
                failures.Add($"{RateLimitOptions.Section}:{policy}: Burst and PerPeriod must be at least 1.");
            }

            // Token buckets refill in whole tokens on a timer; a period below a millisecond per token is not a limit.
            if (bucket.Period < TimeSpan.FromMilliseconds(1) || bucket.Period > TimeSpan.FromDays(1))
            {
                failures.Add($"{RateLimitOptions.Section}:{policy}:Period must be between 1 ms and 1 day.");
            }
        }
    }
}
