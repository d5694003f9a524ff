namespace Hitl.Grains.Conversations;

[GenerateSerializer, Alias("hitl.Author")]
public enum Author
{
    Customer = 0,
    Bot = 1,
    Agent = 2,
    System = 3,
}
