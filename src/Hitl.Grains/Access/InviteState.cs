namespace Hitl.Grains.Access;

[GenerateSerializer, Alias("hitl.InviteState")]
public sealed class InviteState
{
    /// <summary>The unredeemed invite, or null (never created, or redeemed and cleared).</summary>
    [Id(0)] public InviteGrant? Grant { get; set; }
}
