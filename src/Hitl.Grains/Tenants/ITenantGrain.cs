namespace Hitl.Grains.Tenants;

/// <summary>One tenant: its name, the hash of its API key, and its versioned policy. Key: tenant id.</summary>
[Alias("hitl.ITenantGrain")]
public interface ITenantGrain : IGrainWithStringKey
{
    /// <summary>Creates the tenant; CONFLICT if it exists already.</summary>
    [Alias("Create")]
    Task<TenantInfo> CreateAsync(string name, string apiKeyHash);

    /// <summary>The tenant, or null when it was never created.</summary>
    [Alias("Get"), ReadOnly]
    Task<TenantInfo?> GetAsync();

    /// <summary>True when <paramref name="apiKeyHash"/> is the hash of this tenant's API key.</summary>
    [Alias("VerifyApiKey"), ReadOnly]
    Task<bool> VerifyApiKeyAsync(string apiKeyHash);

    /// <summary>Replaces the API key's hash: the old key stops working at once. NOT_FOUND when the tenant does not exist.</summary>
    [Alias("RotateApiKey")]
    Task<TenantInfo> RotateApiKeyAsync(string newHash);

    [Alias("GetPolicy"), ReadOnly]
    Task<Policy> GetPolicyAsync();

    /// <summary>Records that a queue exists (idempotent): a manager granted it, or it held work.</summary>
    [Alias("RegisterQueue")]
    Task RegisterQueueAsync(string queue);

    /// <summary>Records that an agent exists (idempotent).</summary>
    [Alias("RegisterAgent")]
    Task RegisterAgentAsync(string agentId);

    /// <summary>The ids of every agent that ever set its presence, by id.</summary>
    [Alias("GetAgents"), ReadOnly]
    Task<IReadOnlyList<string>> GetAgentsAsync();

    /// <summary>
    /// Every queue the tenant knows, by name: its default queue, the review queue, the queues its policy routes to,
    /// and the ones a manager created by granting them (or that ever held work).
    /// </summary>
    [Alias("GetQueues"), ReadOnly]
    Task<IReadOnlyList<string>> GetQueuesAsync();

    /// <summary>Validates and applies the change as a new version; BAD_USER_INPUT changes nothing.</summary>
    [Alias("UpdatePolicy")]
    Task<Policy> UpdatePolicyAsync(PolicyPatch patch);
}
