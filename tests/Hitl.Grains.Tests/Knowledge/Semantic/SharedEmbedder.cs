using Hitl.Grains.Knowledge.Semantic;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Hitl.Grains.Tests.Knowledge.Semantic;

/// <summary>One model per test run: loading it takes about a second.</summary>
internal static class SharedEmbedder
{
    public static TextEmbedder Instance { get; } = new(Options.Create(new SemanticOptions()), NullLogger<TextEmbedder>.Instance);
}
