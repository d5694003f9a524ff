namespace Hitl.Grains.Access;

/// <summary>
/// One tenant's token revocations: for each revoked subject, the time before which its tokens no longer count.
/// Key: tenant id. API processes cache <see cref="GetAsync"/> for a few seconds (Hitl:Jwt:RevocationCacheTtl).
/// </summary>
[Alias("hitl.ITokenRevocationGrain")]
public interface ITokenRevocationGrain : IGrainWithStringKey
{
    /// <summary>Every token issued to <paramref name="subject"/> before now stops counting; 1 when the cut-off moved, 0 when it already stood at now.</summary>
    [Alias("Revoke")]
    Task<int> RevokeAsync(string subject);

    /// <summary>The tenant's cut-offs, by subject.</summary>
    [Alias("Get"), ReadOnly]
    Task<TokenRevocations> GetAsync();
}
