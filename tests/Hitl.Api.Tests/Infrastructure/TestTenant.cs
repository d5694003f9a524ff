namespace Hitl.Api.Tests.Infrastructure;

public sealed record TestTenant(string Id, string ApiKey, string ManagerToken);
