using Hitl.Grains.Common;

namespace Hitl.Api.GraphQL.Types;

public sealed record AccessTokenResult(string Token, CallerRole Role, string Subject, string Tenant, DateTimeOffset ExpiresAt);
