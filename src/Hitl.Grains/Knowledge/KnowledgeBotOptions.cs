namespace Hitl.Grains.Knowledge;

/// <summary>Settings of the built-in knowledge bot and its per-silo index cache.</summary>
public sealed class KnowledgeBotOptions
{
    /// <summary>
    /// How often a silo asks a tenant's knowledge-base grain for its version. Default 1 second:
    /// a change reaches other silos within about this long (the silo that made it can call
    /// <see cref="KnowledgeIndexCache.Invalidate"/> to see it at once).
    /// </summary>
    public TimeSpan VersionCheckInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>At most this many article ids in <see cref="BotAnswer.Sources"/>. Default 3.</summary>
    public int MaxSources { get; set; } = 3;

    /// <summary>
    /// An article after the first is a source only when its BM25 score is at least this share of the
    /// top score. Default 0.5.
    /// </summary>
    public double SourceMinRelativeScore { get; set; } = 0.5;

    /// <summary>The reply when no article matches. Default "I'm not sure I can answer that yet."</summary>
    public string NotSureText { get; set; } = "I'm not sure I can answer that yet.";
}
