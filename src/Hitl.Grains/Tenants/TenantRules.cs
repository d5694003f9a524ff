using System.Text.RegularExpressions;

namespace Hitl.Grains.Tenants;

/// <summary>What tenant ids, names and token subjects may look like.</summary>
public static partial class TenantRules
{
    public const int MaxName = 200;

    /// <summary>Most queues a tenant registers (granted by managers or holding work), so its state stays bounded.</summary>
    public const int MaxQueues = 200;

    /// <summary>Tenant ids: 2-63 lowercase letters, digits and '-', starting with a letter or digit.</summary>
    public static bool IsTenantId(string? id) => id is not null && TenantIdPattern().IsMatch(id);

    /// <summary>Token subjects (agent, manager, admin ids): 1-128 letters, digits, '-', '_', '.', '@'.</summary>
    public static bool IsSubject(string? subject) => subject is not null && SubjectPattern().IsMatch(subject);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,62}$")]
    private static partial Regex TenantIdPattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$")]
    private static partial Regex SubjectPattern();
}
