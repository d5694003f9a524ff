using System.Reflection;
using GraphQL;
using GraphQL.DI;
using GraphQL.Validation;
using GraphQLParser.AST;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Hitl.Api.GraphQL;

/// <summary>
/// Keeps the parsed form of documents that passed validation, so a widget or console sending the
/// same query text again skips parsing and the spec's document rules. Those rules read only the
/// document and the schema (a document valid once stays valid); every other rule still runs on
/// each request: rules that look at variables or argument values (complexity limits, argument
/// checks) and the transport's own (which HTTP method may run which operation). Variables are
/// always coerced again. Bounded by the total length of the cached query texts; the least
/// recently used go first.
/// </summary>
internal sealed class DocumentCache : IConfigureExecution, IDisposable
{
    /// <summary>The spec rules that depend on nothing but the document and the schema.</summary>
    private static readonly HashSet<IValidationRule> DocumentOnlyRules =
        new(DocumentValidator.CoreRules.Where(IsDocumentOnly), ReferenceEqualityComparer.Instance);

    private readonly MemoryCache _cache;
    private readonly bool _enabled;
    private long _hits;
    private long _misses;

    public DocumentCache(IOptions<DocumentCacheOptions> options)
    {
        var size = options.Value.MaxQueryChars;
        _enabled = size > 0;
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = Math.Max(size, 1), CompactionPercentage = 0.25 });
    }

    /// <summary>After the options configurations (100) have added their rules.</summary>
    public float SortOrder => 200;

    internal long Hits => Interlocked.Read(ref _hits);

    internal long Misses => Interlocked.Read(ref _misses);

    internal int Count => _cache.Count;

    /// <summary>Whether a cached document skips <paramref name="rule"/> (it read the document alone, which passed it once).</summary>
    internal static bool SkipsForCachedDocument(IValidationRule rule) => DocumentOnlyRules.Contains(rule);

    public async Task<ExecutionResult> ExecuteAsync(ExecutionOptions options, ExecutionDelegate next)
    {
        if (!_enabled || options.Document is not null || options.Query is not { Length: > 0 } query || options.DocumentId is not null)
        {
            return await next(options);
        }

        var key = new Key(query, options.OperationName);
        if (_cache.TryGetValue(key, out GraphQLDocument? document) && document is not null)
        {
            Interlocked.Increment(ref _hits);
            options.Document = document;
            options.ValidationRules = (options.ValidationRules ?? DocumentValidator.CoreRules).Where(rule => !SkipsForCachedDocument(rule)).ToArray();
            return await next(options);
        }

        Interlocked.Increment(ref _misses);
        var result = await next(options);
        if (result.Executed && result.Document is { } parsed)
        {
            _cache.Set(key, parsed, new MemoryCacheEntryOptions { Size = query.Length });
        }

        return result;
    }

    public void Dispose() => _cache.Dispose();

    /// <summary>A rule that only visits the document before variables are read (no post-argument or variable stage).</summary>
    private static bool IsDocumentOnly(IValidationRule rule)
    {
        var type = rule.GetType();
        if (!typeof(ValidationRuleBase).IsAssignableFrom(type))
        {
            return false;
        }

        return !Overrides(type, nameof(ValidationRuleBase.GetPostNodeVisitorAsync))
            && !Overrides(type, nameof(ValidationRuleBase.GetVariableVisitorAsync));
    }

    private static bool Overrides(Type type, string method) =>
        type.GetMethod(method, BindingFlags.Public | BindingFlags.Instance, [typeof(ValidationContext)])?.DeclaringType != typeof(ValidationRuleBase);

    private sealed record Key(string Query, string? OperationName);
}
