namespace Hitl.Grains.Conversations;

[GenerateSerializer, Alias("hitl.OwnerKind")]
public enum OwnerKind
{
    Bot = 0,
    Queue = 1,
    Agent = 2,
    None = 3,
}
