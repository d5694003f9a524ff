using Hitl.Grains.Escalation.Text;

namespace Hitl.Grains.Tests.Escalation.Text;

public sealed class TextNormalizerMemoryTests
{
    [Fact]
    public void Tokens_with_digits_are_stemmed_but_not_remembered_so_references_cannot_fill_the_memory()
    {
        var before = TextNormalizer.RememberedStemCount;
        var stems = Enumerable.Range(0, 2_000).Select(i => TextNormalizer.Stem($"order-{i}-refunds")).ToList();

        // Stemmed as always (the stemmer's answer), yet none of them is kept. Other tests may add words meanwhile,
        // but never 2,000.
        Assert.Equal("order-7-refund", stems[7]);
        Assert.True(TextNormalizer.RememberedStemCount - before < 1_000, $"{TextNormalizer.RememberedStemCount - before} stems were remembered");

        // Words are remembered, and a remembered stem is the same as a fresh one.
        Assert.Equal("refund", TextNormalizer.Stem("refunds"));
        Assert.Equal("refund", TextNormalizer.Stem("refunds"));
    }
}
