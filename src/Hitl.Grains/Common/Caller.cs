namespace Hitl.Grains.Common;

/// <summary>Who issues a command, as established by the API from the bearer token.</summary>
[GenerateSerializer, Immutable, Alias("hitl.Caller")]
public sealed record Caller(
    [property: Id(0)] CallerRole Role,
    [property: Id(1)] string Id)
{
    public bool IsStaffManager => Role is CallerRole.Manager or CallerRole.Admin;
}
