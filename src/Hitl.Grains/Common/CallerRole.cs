namespace Hitl.Grains.Common;

[GenerateSerializer, Alias("hitl.CallerRole")]
public enum CallerRole
{
    Customer = 0,
    Agent = 1,
    Manager = 2,
    Admin = 3,
}
