using GraphQL.Types;
using Hitl.Grains.Escalation;
using Hitl.Grains.Knowledge;

namespace Hitl.Api.GraphQL.Types;

public sealed class AnswerPreviewType : ObjectGraphType<AnswerPreview>
{
    public AnswerPreviewType()
    {
        Name = "AnswerPreview";
        Description = "What the bot would do with this message as a customer's first message, under the current policy and knowledge. Nothing is recorded.";
        Field<NonNullGraphType<StringGraphType>>("decision")
            .Description("ANSWER, DRAFT, ESCALATE or SMALL_TALK (a greeting, thanks, ...: the bot's short reply, no article).")
            .Resolve(context => context.Source.Decision switch
            {
                EscalationDecisionKind.Answer => "ANSWER",
                EscalationDecisionKind.SmallTalk => "SMALL_TALK",
                EscalationDecisionKind.Draft => "DRAFT",
                _ => "ESCALATE",
            });
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TriggerType>>>>("reasons")
            .Description("Why it would escalate, with evidence (empty unless ESCALATE).")
            .Resolve(context => context.Source.Reasons);
        Field(x => x.Queue, nullable: true).Description("The queue an escalation would go to.");
        Field<StringGraphType>("answer").Description("The bot's answer; null when the message escalates before the bot is asked, or the bot failed.").Resolve(context => context.Source.Answer?.Text);
        Field<FloatGraphType>("confidence").Description("The bot's retrieval confidence in [0,1], when it was asked.").Resolve(context => context.Source.Answer?.Confidence);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("sources")
            .Description("Ids of the articles the answer used.")
            .Resolve(context => context.Source.Answer?.Sources ?? []);
        Field(x => x.Sentiment).Description("The message's sentiment in [-1,1].");
        Field(x => x.KnowledgeVersion, type: typeof(NonNullGraphType<IntGraphType>)).Description("The knowledge base version it was answered from.");
        Field(x => x.PolicyVersion, type: typeof(NonNullGraphType<IntGraphType>)).Description("The policy version it was decided under.");
    }
}
