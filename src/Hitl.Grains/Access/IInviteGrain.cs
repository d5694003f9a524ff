namespace Hitl.Grains.Access;

/// <summary>One console sign-in invite. Key: the SHA-256 of its code (the code itself is never stored).</summary>
[Alias("hitl.IInviteGrain")]
public interface IInviteGrain : IGrainWithStringKey
{
    /// <summary>Records the invite; CONFLICT if this key holds one already.</summary>
    [Alias("Create")]
    Task CreateAsync(InviteGrant grant);

    /// <summary>The grant, once: null when unknown, used or expired.</summary>
    [Alias("Redeem")]
    Task<InviteGrant?> RedeemAsync();
}
