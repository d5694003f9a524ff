using Hitl.Grains.Conversations;
using Hitl.Grains.Escalation;
using Hitl.Grains.Escalation.Meaning;
using Hitl.Grains.Escalation.Text;
using Hitl.Grains.Tenants;
using Microsoft.Extensions.Logging;

namespace Hitl.Grains.Knowledge;

/// <summary>
/// Runs a message through <see cref="BotTurn"/> (screen, ask the bot, decide) as a conversation's first customer
/// message would be, and reports the outcome; it holds no state and writes nothing.
/// </summary>
[StatelessWorker]
public sealed class AnswerPreviewGrain(
    IBot bot,
    EscalationEngine escalation,
    SentimentScorer sentiment,
    TenantPolicyCache policies,
    ILogger<AnswerPreviewGrain> logger,
    MeaningReader meaning) : Grain, IAnswerPreviewGrain
{
    private readonly BotTurn _turn = new(bot, escalation, logger, meaning);

    public async Task<AnswerPreview> PreviewAsync(string text)
    {
        MessageRules.ValidateText(text);
        var tenant = this.GetPrimaryKeyString();
        var policy = await policies.GetAsync(tenant);
        var score = sentiment.Score(text);
        var context = await _turn.UnderstandAsync(new EscalationContext(text, score, null, [], null, policy), $"{tenant}/preview");
        BotAnswer? answer = null;
        if (_turn.Screen(context) is not { } decision)
        {
            (decision, answer) = await _turn.AskAsync(context, new BotRequest(tenant, text, [text]), $"{tenant}/preview");
        }

        if (decision.Kind == EscalationDecisionKind.SmallTalk)
        {
            // The customer would get the small-talk reply, not the knowledge base's weak match.
            answer = new BotAnswer(SmallTalkReplies.For(decision.Intent), 0, []);
        }

        var knowledgeVersion = await GrainFactory.GetGrain<IKnowledgeBaseGrain>(tenant).GetVersionAsync();
        return new AnswerPreview(decision.Kind, decision.Reasons, decision.Queue, answer, score, knowledgeVersion, policy.Version);
    }
}
