namespace Hitl.Api.GraphQL.Inputs;

public sealed class CreateAccessTokenInput
{
    public string Tenant { get; set; } = "";

    public string ApiKey { get; set; } = "";

    public Hitl.Grains.Common.CallerRole Role { get; set; }

    public string Subject { get; set; } = "";
}
