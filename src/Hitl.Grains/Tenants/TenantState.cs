namespace Hitl.Grains.Tenants;

[GenerateSerializer, Alias("hitl.TenantState")]
public sealed class TenantState
{
    [Id(0)] public bool Created { get; set; }
    [Id(1)] public string Name { get; set; } = "";
    /// <summary>SHA-256 of the API key, hex. The key itself is never stored.</summary>
    [Id(2)] public string ApiKeyHash { get; set; } = "";
    [Id(3)] public DateTimeOffset CreatedAt { get; set; }
    [Id(4)] public Policy Policy { get; set; } = Policy.Default;
    /// <summary>Queues that managers granted or that ever held work (at most <see cref="TenantRules.MaxQueues"/>), so managers can list them.</summary>
    [Id(5)] public HashSet<string> Queues { get; set; } = new(StringComparer.Ordinal);
    /// <summary>Agents that ever set their presence, so managers can list them.</summary>
    [Id(6)] public HashSet<string> Agents { get; set; } = new(StringComparer.Ordinal);
}
