using Hitl.Grains.Knowledge.Semantic;
using Microsoft.Extensions.Options;

namespace Hitl.Grains.Escalation.Meaning;

/// <summary>
/// Reads a customer message's <see cref="MessageMeaning"/> for the escalation engine, once per message, before the
/// triggers run: one batch through the silo's <see cref="TextEmbedder"/> (the message and any answered question not
/// cached yet; the bot then finds the message's vector in the cache). In lexical mode it reads nothing and the triggers
/// use their word-based measures alone. Register as a singleton.
/// </summary>
public sealed class MeaningReader(IOptions<SemanticOptions> options, TextEmbedder? embedder = null)
{
    private readonly TextEmbedder? _embedder = options?.Value.Hybrid == true ? embedder : null;
    private Task<IntentClassifier>? _classifier;

    /// <summary>True when messages get a meaning (hybrid retrieval).</summary>
    public bool Enabled => _embedder is not null;

    /// <summary>The message's meaning, or null in lexical mode.</summary>
    public async Task<MessageMeaning?> ReadAsync(string text, IReadOnlyList<string> answered, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(answered);
        if (_embedder is null)
        {
            return null;
        }

        var classifier = await Classifier(_embedder).ConfigureAwait(false);
        var vectors = await _embedder.EncodeCachedAsync([text, .. answered], cancellationToken).ConfigureAwait(false);
        return new MessageMeaning(vectors[0], vectors[1..], classifier.Match(vectors[0]));
    }

    private Task<IntentClassifier> Classifier(TextEmbedder embedder)
    {
        var current = Volatile.Read(ref _classifier);
        if (current is { IsFaulted: false, IsCanceled: false })
        {
            return current;
        }

        var created = IntentClassifier.CreateAsync(embedder);
        return Interlocked.CompareExchange(ref _classifier, created, current) == current ? created : _classifier!;
    }
}
