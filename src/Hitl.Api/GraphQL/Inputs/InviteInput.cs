namespace Hitl.Api.GraphQL.Inputs;

public sealed class InviteInput
{
    public Hitl.Grains.Common.CallerRole Role { get; set; }

    public string Subject { get; set; } = "";

    public string? Name { get; set; }
}
