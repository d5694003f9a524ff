namespace Hitl.Grains.Knowledge;

/// <summary>
/// One content term of a question after analysis (stemmed, stop words removed).
/// </summary>
/// <param name="Term">The analyzed term, e.g. "sync" for "syncing".</param>
/// <param name="Related">Related terms from the support thesaurus that also match, at a discount.</param>
/// <param name="DocumentFrequency">How many articles contain the term or a related term, in any field.</param>
public sealed record QueryTerm(string Term, IReadOnlyList<string> Related, int DocumentFrequency);
