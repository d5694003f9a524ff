namespace Hitl.Bench;

/// <summary>One customer's conversation in the persist scenario, and what Hitl acknowledged in it.</summary>
public sealed class BenchConversation(int index, string id, string token)
{
    public int Index { get; } = index;

    public string Id { get; } = id;

    /// <summary>The customer's bearer token.</summary>
    public string Token { get; } = token;

    /// <summary>The texts of the customer messages Hitl acknowledged, in order.</summary>
    public List<string> Acknowledged { get; } = [];

    /// <summary>Acknowledged messages that came back with a bot reply.</summary>
    public int Replies { get; set; }
}
