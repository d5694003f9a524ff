using Hitl.Grains.Common;
using Hitl.Grains.Conversations;

namespace Hitl.Grains.Tests.Domain;

public sealed class MessageRulesTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   \n\t")]
    public void EmptyText_IsBadInput(string? text)
    {
        Assert.Equal(HitlErrorCodes.BadUserInput, Assert.Throws<HitlException>(() => MessageRules.Validate(text, "m1")).Code);
    }

    [Fact]
    public void Text_UpTo4000Characters_IsAccepted_AndLongerIsNot()
    {
        MessageRules.Validate(new string('a', MessageRules.MaxText), "m1");
        Assert.Throws<HitlException>(() => MessageRules.Validate(new string('a', MessageRules.MaxText + 1), "m1"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    public void MissingClientMessageId_IsBadInput(string? id)
    {
        Assert.Throws<HitlException>(() => MessageRules.Validate("hello", id));
    }

    [Fact]
    public void OverlongClientMessageId_IsBadInput()
    {
        Assert.Throws<HitlException>(() => MessageRules.Validate("hello", new string('x', MessageRules.MaxClientMessageId + 1)));
    }
}
