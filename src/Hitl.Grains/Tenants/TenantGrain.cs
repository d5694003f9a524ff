using System.Security.Cryptography;
using System.Text;
using Hitl.Grains.Common;

namespace Hitl.Grains.Tenants;

public sealed class TenantGrain(
    [PersistentState("tenant", HitlStorage.Name)] IPersistentState<TenantState> state,
    TenantPolicyCache policies,
    TimeProvider time) : Grain, ITenantGrain
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
        await state.WriteStateAsync();
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

    public Task<Policy> GetPolicyAsync()
    {
        EnsureCreated();
        return Task.FromResult(state.State.Policy);
    }

    public async Task<Policy> UpdatePolicyAsync(PolicyPatch patch)
    {
        EnsureCreated();
        var next = state.State.Policy.Apply(patch);
        var previous = state.State.Policy;
        state.State.Policy = next;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Policy = previous;
            DeactivateOnIdle();
            throw;
        }

        // This silo's conversations use the new policy at once; other silos within TenantPolicyCache.MaxAge.
        policies.Invalidate(this.GetPrimaryKeyString());
        return next;
    }

    public async Task RegisterQueueAsync(string queue)
    {
        if (state.State.Queues.Add(queue))
        {
            try
            {
                await state.WriteStateAsync();
            }
            catch
            {
                state.State.Queues.Remove(queue);
                DeactivateOnIdle();
                throw;
            }
        }
    }

    public async Task RegisterAgentAsync(string agentId)
    {
        if (state.State.Agents.Add(agentId))
        {
            try
            {
                await state.WriteStateAsync();
            }
            catch
            {
                state.State.Agents.Remove(agentId);
                DeactivateOnIdle();
                throw;
            }
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
