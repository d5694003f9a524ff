namespace Hitl.Grains.Agents;

[GenerateSerializer, Alias("hitl.Presence")]
public enum Presence
{
    Online = 0,
    Away = 1,
    Offline = 2,
}
