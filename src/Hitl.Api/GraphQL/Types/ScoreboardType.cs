using GraphQL.Types;
using Hitl.Grains.Scoreboards;

namespace Hitl.Api.GraphQL.Types;

/// <summary>The contract's Scoreboard; every number comes from <see cref="ScoreboardFormulas"/>.</summary>
public sealed class ScoreboardType : ObjectGraphType<ScoreboardView>
{
    public ScoreboardType()
    {
        Name = "Scoreboard";
        Description = "One board for the bot team and the support team. Cohort: conversations started in the window.";
        Field(x => x.Window, type: typeof(NonNullGraphType<WindowType>));
        Field(x => x.From, type: typeof(NonNullGraphType<DateTimeScalar>));
        Field(x => x.To, type: typeof(NonNullGraphType<DateTimeScalar>));
        Field(x => x.ConversationsStarted);
        Field(x => x.ResolvedByBot).Description("Resolved with no human ever involved.");
        Field(x => x.ResolvedByHuman).Description("Resolved after a human was involved.");
        Field(x => x.ContainmentRate, nullable: true).Description("resolvedByBot / (resolvedByBot + resolvedByHuman); null when nothing resolved.");
        Field(x => x.Escalated).Description("Conversations escalated at least once.");
        Field(x => x.EscalationRate, nullable: true).Description("escalated / conversationsStarted; null when none started.");
        Field(x => x.EscalationsByReason, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<ReasonCountType>>>));
        Field(x => x.DraftsApproved);
        Field(x => x.DraftsEdited);
        Field(x => x.DraftsRejected);
        Field(x => x.FirstHumanResponseP50Seconds, nullable: true).Description("From escalation to the first human message, seconds.");
        Field(x => x.FirstHumanResponseP90Seconds, nullable: true);
        Field(x => x.SlaMet);
        Field(x => x.SlaBreached);
        Field(x => x.CsatBot, nullable: true).Description("Mean CSAT of rated conversations no human touched.");
        Field(x => x.CsatHuman, nullable: true).Description("Mean CSAT of rated conversations a human touched.");
        Field(x => x.CsatResponses);
        Field(x => x.Waiting).Description("Now: items waiting in all queues.");
        Field(x => x.AgentsOnline).Description("Now: agents ONLINE.");
    }
}
