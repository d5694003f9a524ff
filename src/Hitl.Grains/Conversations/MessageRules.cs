using Hitl.Grains.Common;

namespace Hitl.Grains.Conversations;

/// <summary>What a message and its idempotency key may look like.</summary>
public static class MessageRules
{
    public const int MaxText = 4_000;
    public const int MaxClientMessageId = 128;
    public const int MaxCustomerName = 200;

    public static void Validate(string? text, string? clientMessageId)
    {
        ValidateText(text);
        if (string.IsNullOrWhiteSpace(clientMessageId) || clientMessageId.Length > MaxClientMessageId)
        {
            throw HitlException.BadInput($"clientMessageId must be 1-{MaxClientMessageId} characters.");
        }
    }

    public static void ValidateText(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw HitlException.BadInput("A message needs some text.");
        }

        if (text.Length > MaxText)
        {
            throw HitlException.BadInput($"A message is at most {MaxText} characters; this one has {text.Length}.");
        }
    }
}
