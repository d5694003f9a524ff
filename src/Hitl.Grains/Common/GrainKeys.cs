namespace Hitl.Grains.Common;

/// <summary>
/// Grain keys are "tenant/…": the tenant is always part of the key, so one tenant's ids can never
/// address another tenant's grains.
/// </summary>
public static class GrainKeys
{
    public static string Scoped(string tenant, string id) => $"{tenant}/{id}";

    public static string Page(string tenant, string conversationId, int pageNo) => $"{tenant}/{conversationId}/{pageNo}";

    /// <summary>Splits "tenant/rest" into its two parts.</summary>
    public static (string Tenant, string Id) Split(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            throw new ArgumentException($"Grain key '{key}' is not of the form tenant/id.", nameof(key));
        }

        return (key[..slash], key[(slash + 1)..]);
    }
}
