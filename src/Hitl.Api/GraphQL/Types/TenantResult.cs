namespace Hitl.Api.GraphQL.Types;

/// <summary>A tenant as createTenant returns it: the API key appears this once.</summary>
public sealed record TenantResult(string Id, string Name, string? ApiKey);
