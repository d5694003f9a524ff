using System.Net;
using System.Threading.RateLimiting;
using Hitl.Api.Auth;
using Hitl.Grains.Common;
using Microsoft.Extensions.Options;

namespace Hitl.Api.Limits;

/// <summary>
/// The rate limits of <see cref="RateLimitOptions"/>: one <see cref="PartitionedRateLimiter{TResource}"/> of token
/// buckets per policy, partitioned by client address (public calls) or by token subject (customer calls). Idle,
/// full buckets are dropped by the partitioned limiter, so memory follows the clients active in the last seconds.
/// </summary>
internal sealed class OperationRateLimiter : IDisposable
{
    private readonly RateLimitOptions _options;
    private readonly Policy _startConversation;
    private readonly Policy _publicCalls;
    private readonly Policy _customerMessages;
    private readonly Policy _customerActions;

    public OperationRateLimiter(IOptions<RateLimitOptions> options)
    {
        _options = options.Value;
        _startConversation = new Policy("startConversation", _options.StartConversation);
        _publicCalls = new Policy("public", _options.PublicCalls);
        _customerMessages = new Policy("customer messages", _options.CustomerMessages);
        _customerActions = new Policy("customer actions", _options.CustomerActions);
    }

    public bool Enabled => _options.Enabled;

    public int MaxRootFields => _options.MaxRootFields;

    /// <summary>
    /// Spends the permits that the mutation root fields <paramref name="fields"/> (one entry per selection, aliases
    /// included) cost the caller. Null when every limit allowed them; otherwise the refusal, and nothing more is spent.
    /// Permits already taken from another policy of the same operation are not given back (token buckets cannot).
    /// </summary>
    public Refusal? TryAcquire(IReadOnlyList<string> fields, HitlPrincipal? caller, IPAddress? address)
    {
        if (!_options.Enabled || fields.Count == 0)
        {
            return null;
        }

        Dictionary<Policy, int>? costs = null;
        foreach (var field in fields)
        {
            if (PolicyOf(field, caller) is { } policy)
            {
                costs ??= [];
                costs[policy] = costs.GetValueOrDefault(policy) + 1;
            }
        }

        if (costs is null)
        {
            return null;
        }

        foreach (var (policy, count) in costs)
        {
            var key = policy == _customerMessages || policy == _customerActions
                ? $"{caller!.Tenant}/{caller.Subject}"
                : ClientAddress.Key(address);
            if (policy.TryAcquire(key, count) is { } refusal)
            {
                return refusal;
            }
        }

        return null;
    }

    public void Dispose()
    {
        _startConversation.Dispose();
        _publicCalls.Dispose();
        _customerMessages.Dispose();
        _customerActions.Dispose();
    }

    private Policy? PolicyOf(string field, HitlPrincipal? caller) => field switch
    {
        "startConversation" => _startConversation,
        "createAccessToken" or "createTenant" or "redeemInvite" => _publicCalls,
        "sendMessage" when caller?.Role == CallerRole.Customer => _customerMessages,
        "requestHuman" or "resolve" when caller?.Role == CallerRole.Customer => _customerActions,
        _ => null,
    };

    /// <summary>Why an operation was refused, and when a retry may pass (null: not by waiting).</summary>
    public sealed record Refusal(string Message, TimeSpan? RetryAfter);

    private sealed class Policy : IDisposable
    {
        private readonly string _name;
        private readonly TokenBucketPolicy _bucket;
        private readonly PartitionedRateLimiter<string> _limiter;

        public Policy(string name, TokenBucketPolicy bucket)
        {
            _name = name;
            _bucket = bucket;
            _limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = bucket.Burst,
                TokensPerPeriod = bucket.PerPeriod,
                ReplenishmentPeriod = bucket.Period,
                QueueLimit = 0,
            }));
        }

        public Refusal? TryAcquire(string key, int count)
        {
            if (count > _bucket.Burst)
            {
                // More than the bucket ever holds: no wait makes it pass.
                return new Refusal($"This operation makes {count} {_name} calls; at most {_bucket.Burst} are allowed at once.", null);
            }

            using var lease = _limiter.AttemptAcquire(key, count);
            if (lease.IsAcquired)
            {
                return null;
            }

            TimeSpan? retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : null;
            return new Refusal(
                $"Too many {_name} calls: at most {_bucket.Burst} at once and {_bucket.PerPeriod} per {_bucket.Period}; retry later.",
                retryAfter);
        }

        public void Dispose() => _limiter.Dispose();
    }
}
