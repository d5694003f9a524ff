namespace Hitl.Grains.Knowledge;

/// <summary>A customer question for the bot, with the recent conversation for context.</summary>
public sealed record BotRequest(
    string Tenant,
    string Question,
    IReadOnlyList<string> RecentCustomerMessages);
