namespace Hitl.Grains.Knowledge;

/// <summary>An article found for a question.</summary>
/// <param name="Article">The article.</param>
/// <param name="Score">Raw BM25 score; comparable only within one search.</param>
/// <param name="Matches">
/// For each of the search's <see cref="KnowledgeSearchResult.Terms"/>, in the same order, where this
/// article contains it.
/// </param>
public sealed record KnowledgeHit(Article Article, double Score, IReadOnlyList<MatchedFields> Matches);
