namespace Hitl.Grains.Agents;

/// <summary>The <c>Hitl:Agents</c> section.</summary>
public sealed class AgentOptions
{
    /// <summary>An ONLINE or AWAY agent that does not renew its presence (setPresence) within this time goes OFFLINE (default 5 minutes).</summary>
    public TimeSpan PresenceTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
