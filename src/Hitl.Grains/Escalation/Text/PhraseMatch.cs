namespace Hitl.Grains.Escalation.Text;

/// <summary>A configured phrase found in a message: the phrase, and the words of the message that matched it.</summary>
public sealed record PhraseMatch(string Phrase, string Matched);
