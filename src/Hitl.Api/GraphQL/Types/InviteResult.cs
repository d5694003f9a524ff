namespace Hitl.Api.GraphQL.Types;

public sealed record InviteResult(string Url, DateTimeOffset ExpiresAt);
