namespace Hitl.Grains.Escalation.Text;

/// <summary>A request for a person found in a message, with the words that made it one.</summary>
public sealed record ExplicitRequest(string Evidence);
