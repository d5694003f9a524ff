namespace Hitl.Api.GraphQL.Inputs;

public sealed class CreateTenantInput
{
    public string Id { get; set; } = "";

    public string Name { get; set; } = "";

    public string OperatorKey { get; set; } = "";
}
