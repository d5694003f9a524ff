namespace Hitl.Grains.Knowledge;

/// <summary>What one search found: the question's content terms and the best articles, best first.</summary>
/// <param name="Terms">The question's distinct content terms, in order of first appearance.</param>
/// <param name="Hits">Matching articles, best first; empty when nothing matched.</param>
/// <param name="ArticleCount">How many articles the index holds.</param>
public sealed record KnowledgeSearchResult(
    IReadOnlyList<QueryTerm> Terms,
    IReadOnlyList<KnowledgeHit> Hits,
    int ArticleCount);
