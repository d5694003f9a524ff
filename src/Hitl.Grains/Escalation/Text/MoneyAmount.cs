namespace Hitl.Grains.Escalation.Text;

/// <summary>An amount of money found in a message: its value, the currency when named, and the text it came from.</summary>
public sealed record MoneyAmount(double Value, string? Currency, string Text);
