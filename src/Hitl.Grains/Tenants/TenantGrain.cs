using System.Security.Cryptography;
using System.Text;
using Hitl.Grains.Common;
using Microsoft.Extensions.Logging;

namespace Hitl.Grains.Tenants;

public sealed class TenantGrain(
    [PersistentState("tenant", HitlStorage.Name)] IPersistentState<TenantState> state,
    TenantPolicyCache policies,
    TimeProvider time,
    ILogger<TenantGrain> logger) : Grain, ITenantGrain
{
    public async Task<TenantInfo> CreateAsync(string name, string apiKeyHash)
    {
        if (state.State.Created)
        {
            throw HitlException.Conflict($"Tenant '{this.GetPrimaryKeyString()}' exists already.");
        }

        state.State.Created = true;
        state.State.Name = name;
        state.State.ApiKeyHash = apiKeyHash;
        state.State.CreatedAt = time.GetUtcNow();
        state.State.Policy = Policy.Default;
        await state.WriteOrResetAsync(this, logger);
        return Info();
    }

    public Task<TenantInfo?> GetAsync() => Task.FromResult(state.State.Created ? Info() : null);

    public Task<bool> VerifyApiKeyAsync(string apiKeyHash)
    {
        if (!state.State.Created)
        {
            return Task.FromResult(false);
        }

        var equal = CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(state.State.ApiKeyHash),
            Encoding.ASCII.GetBytes(apiKeyHash));
        return Task.FromResult(equal);
    }

    public async Task<TenantInfo> RotateApiKeyAsync(string newHash)
    {
        ArgumentException.ThrowIfNullOrEmpty(newHash);
        EnsureCreated();
        state.State.ApiKeyHash = newHash;
        await state.WriteOrResetAsync(this, logger);
        return Info();
    }

    public Task<Policy> GetPolicyAsync()
    {
        EnsureCreated();
        return Task.FromResult(state.State.Policy);
    }

    public async Task<Policy> UpdatePolicyAsync(PolicyPatch patch)
    {
        EnsureCreated();
        var next = state.State.Policy.Apply(patch);
        state.State.Policy = next;
        await state.WriteOrResetAsync(this, logger);

        // This silo's conversations use the new policy at once; other silos within TenantPolicyCache.MaxAge.
        policies.Invalidate(this.GetPrimaryKeyString());
        return next;
    }

    public async Task RegisterQueueAsync(string queue)
    {
        if (state.State.Queues.Contains(queue))
        {
            return;
        }

        if (state.State.Queues.Count >= TenantRules.MaxQueues)
        {
            throw HitlException.BadInput($"A tenant has at most {TenantRules.MaxQueues} queues.");
        }

        state.State.Queues.Add(queue);
        await state.WriteOrResetAsync(this, logger);
    }

    public async Task RegisterAgentAsync(string agentId)
    {
        if (state.State.Agents.Add(agentId))
        {
            await state.WriteOrResetAsync(this, logger);
        }
    }

    public Task<IReadOnlyList<string>> GetAgentsAsync() =>
        Task.FromResult<IReadOnlyList<string>>([.. state.State.Agents.Order(StringComparer.Ordinal)]);

    public Task<IReadOnlyList<string>> GetQueuesAsync()
    {
        var policy = state.State.Policy;
        IReadOnlyList<string> queues =
        [
            .. state.State.Queues
                .Append(policy.DefaultQueue)
                .Append(Conversations.Conversation.ReviewQueue)
                .Concat(policy.SensitiveTopics.Select(t => t.Queue))
                .Concat(policy.AmountRules.Select(r => r.Queue))
                .Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal),
        ];
        return Task.FromResult(queues);
    }

    private void EnsureCreated()
    {
        if (!state.State.Created)
        {
            throw HitlException.NotFound($"Tenant '{this.GetPrimaryKeyString()}' does not exist.");
        }
    }

    private TenantInfo Info() => new(this.GetPrimaryKeyString(), state.State.Name, state.State.CreatedAt);
}
