namespace Hitl.Grains.Knowledge;

/// <summary>The seam every bot implements: retrieve, answer, and say how sure it is.</summary>
public interface IBot
{
    Task<BotAnswer> AnswerAsync(BotRequest request, CancellationToken cancellationToken);
}
