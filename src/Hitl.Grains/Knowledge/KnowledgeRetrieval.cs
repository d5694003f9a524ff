namespace Hitl.Grains.Knowledge;

/// <summary>What retrieval found for a question: the knowledge bot's answer, and the best articles in its ranking.</summary>
public sealed record KnowledgeRetrieval(BotAnswer Answer, IReadOnlyList<Article> Articles);
