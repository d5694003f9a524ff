using GraphQL.Types;
using Hitl.Grains.Conversations;

namespace Hitl.Api.GraphQL.Types;

public sealed class MessageType : ObjectGraphType<ChatMessage>
{
    public MessageType()
    {
        Name = "Message";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Author, type: typeof(NonNullGraphType<AuthorType>));
        Field(x => x.AuthorId, nullable: true).Description("Agent id for AGENT messages.");
        Field(x => x.Text);
        Field(x => x.At, type: typeof(NonNullGraphType<DateTimeScalar>));
        Field(x => x.Confidence, nullable: true).Description("BOT messages: retrieval confidence in [0,1].");
        Field(x => x.Sources, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>)).Description("BOT messages: ids of the knowledge articles the answer used.");
        Field(x => x.Sentiment, nullable: true).Description("CUSTOMER messages: sentiment in [-1,1].");
    }
}
