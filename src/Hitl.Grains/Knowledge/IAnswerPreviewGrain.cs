using Hitl.Grains.Escalation;

namespace Hitl.Grains.Knowledge;

/// <summary>
/// "Try it": what the bot would do with a customer's first message under the tenant's current policy and knowledge,
/// through the same engine and bot as a live conversation, without creating or touching any conversation, queue
/// or counter. Key: tenant.
/// </summary>
[Alias("hitl.IAnswerPreviewGrain")]
public interface IAnswerPreviewGrain : IGrainWithStringKey
{
    [Alias("Preview")]
    Task<AnswerPreview> PreviewAsync(string text);
}

/// <summary>The decision the engine would take, with the bot's answer when it was asked (null when the message alone escalated, or the bot failed).</summary>
[GenerateSerializer, Immutable, Alias("hitl.AnswerPreview")]
public sealed record AnswerPreview(
    [property: Id(0)] EscalationDecisionKind Decision,
    [property: Id(1)] IReadOnlyList<Trigger> Reasons,
    [property: Id(2)] string? Queue,
    [property: Id(3)] BotAnswer? Answer,
    [property: Id(4)] double Sentiment,
    [property: Id(5)] long KnowledgeVersion,
    [property: Id(6)] long PolicyVersion);
