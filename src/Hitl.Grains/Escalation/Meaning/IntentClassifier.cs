using Hitl.Grains.Knowledge.Semantic;

namespace Hitl.Grains.Escalation.Meaning;

/// <summary>An intent a message was recognised as, with how near it is to the intent's examples and to the contrast.</summary>
public sealed record IntentMatch(string Intent, double Similarity, double Contrast);

/// <summary>
/// Recognises the intents of <see cref="IntentCatalog"/> by meaning: a message matches an intent when the mean cosine
/// similarity of its vector to the intent's two nearest examples is at least <see cref="MinSimilarity"/> and exceeds
/// the same measure for the contrast examples by at least <see cref="MinMargin"/>. Both were chosen on the three
/// labelled sets in aggregate (docs/knowledge-bot.md), never for one sentence.
/// </summary>
public sealed class IntentClassifier
{
    public const double MinSimilarity = 0.40;

    public const double MinMargin = 0.10;

    private const int Neighbours = 2;

    private readonly IReadOnlyList<(string Intent, float[][] Examples)> _intents;
    private readonly float[][] _contrast;

    private IntentClassifier(IReadOnlyList<(string, float[][])> intents, float[][] contrast)
    {
        _intents = intents;
        _contrast = contrast;
    }

    /// <summary>Encodes the catalogue's examples once (a silo does it on first use).</summary>
    public static async Task<IntentClassifier> CreateAsync(TextEmbedder embedder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        var intents = new List<(string, float[][])>();
        foreach (var (intent, examples) in IntentCatalog.Intents)
        {
            intents.Add((intent, await embedder.EncodeAsync(examples, cancellationToken).ConfigureAwait(false)));
        }

        return new IntentClassifier(intents, await embedder.EncodeAsync(IntentCatalog.Contrast, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The best matching intent of the message whose vector is <paramref name="vector"/>, or null.</summary>
    public IntentMatch? Match(ReadOnlySpan<float> vector)
    {
        var contrast = Nearest(vector, _contrast);
        IntentMatch? best = null;
        foreach (var (intent, examples) in _intents)
        {
            var similarity = Nearest(vector, examples);
            if (similarity >= MinSimilarity && similarity - contrast >= MinMargin && (best is null || similarity > best.Similarity))
            {
                best = new IntentMatch(intent, similarity, contrast);
            }
        }

        return best;
    }

    private static double Nearest(ReadOnlySpan<float> vector, float[][] examples)
    {
        Span<double> top = stackalloc double[Neighbours];
        top.Fill(-1);
        foreach (var example in examples)
        {
            var s = TextEmbedder.Similarity(vector, example);
            for (var k = 0; k < Neighbours; k++)
            {
                if (s > top[k])
                {
                    for (var m = Neighbours - 1; m > k; m--)
                    {
                        top[m] = top[m - 1];
                    }

                    top[k] = s;
                    break;
                }
            }
        }

        var sum = 0.0;
        var n = 0;
        foreach (var t in top)
        {
            if (t > -1)
            {
                sum += t;
                n++;
            }
        }

        return n == 0 ? 0 : sum / n;
    }
}
