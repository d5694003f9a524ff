using Hitl.Grains.Common;

namespace Hitl.Grains.Access;

/// <summary>What an invite grants: a staff token for this subject, role and display name, until it expires.</summary>
[GenerateSerializer, Immutable, Alias("hitl.InviteGrant")]
public sealed record InviteGrant(string Tenant, CallerRole Role, string Subject, string? Name, DateTimeOffset ExpiresAt);
