using GraphQL.Types;
using Hitl.Grains.Conversations;

namespace Hitl.Api.GraphQL.Types;

/// <summary>
/// A chat message. Customers see the text, the author kind and agents by display name; the agent id
/// and the bot's confidence, sources, sentiment (and, when served, grade and provenance) are
/// staff-only: mark such a field with <see cref="StaffOnlyFields.StaffOnly{TSource, TReturn}"/>.
/// </summary>
public sealed class MessageType : ObjectGraphType<ChatMessage>
{
    public MessageType()
    {
        Name = "Message";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Author, type: typeof(NonNullGraphType<AuthorType>));
        Field(x => x.AuthorId, nullable: true).Description("Agent id for AGENT messages.").StaffOnly();
        Field<StringGraphType>("authorName")
            .Description("AGENT messages: the agent's display name (what a customer sees instead of the id).")
            .ResolveAsync(async context => context.Source.Author == Author.Agent
                ? await context.AgentNameAsync(context.Source.AuthorId)
                : null);
        Field(x => x.Text);
        Field(x => x.At, type: typeof(NonNullGraphType<DateTimeScalar>));
        Field(x => x.Confidence, nullable: true).Description("BOT messages: retrieval confidence in [0,1].").StaffOnly();
        Field(x => x.Sources, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>)).Description("BOT messages: ids of the knowledge articles the answer used.").StaffOnly();
        Field(x => x.Sentiment, nullable: true).Description("CUSTOMER messages: sentiment in [-1,1].").StaffOnly();
    }
}
