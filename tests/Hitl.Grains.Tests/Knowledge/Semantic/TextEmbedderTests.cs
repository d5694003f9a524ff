using Hitl.Grains.Knowledge.Semantic;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Hitl.Grains.Tests.Knowledge.Semantic;

/// <summary>The encoder's queue: concurrent requests share ONNX calls, and each still gets its own text's vector.</summary>
public sealed class TextEmbedderTests
{
    [Fact]
    public async Task ConcurrentRequests_AreBatched_AndEachGetsTheVectorOfItsOwnText()
    {
        var texts = Enumerable.Range(0, 48).Select(i => $"question number {i}: how do I {(i % 3 == 0 ? "return" : i % 3 == 1 ? "track" : "pay for")} order {i * 37}?").ToArray();
        using var batched = new TextEmbedder(Options.Create(new SemanticOptions { MaxConcurrency = 2, QueryCacheSize = 0 }), NullLogger<TextEmbedder>.Instance);
        var together = await Task.WhenAll(texts.Select(t => Task.Run(() => batched.EncodeAsync(t))));

        for (var i = 0; i < texts.Length; i++)
        {
            var alone = (await SharedEmbedder.Instance.EncodeAsync([texts[i]]))[0];
            Assert.True(TextEmbedder.Similarity(together[i], alone) > 0.999, $"text {i} got another text's vector");
        }
    }

    [Fact]
    public async Task ACancelledRequest_IsCancelled_AndTheOthersAreStillServed()
    {
        using var embedder = new TextEmbedder(Options.Create(new SemanticOptions { MaxConcurrency = 1 }), NullLogger<TextEmbedder>.Instance);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => embedder.EncodeAsync(["never mind"], cancelled.Token));
        var vector = await embedder.EncodeAsync("where is my parcel?");
        Assert.Equal(TextEmbedder.Dimensions, vector.Length);
    }
}
