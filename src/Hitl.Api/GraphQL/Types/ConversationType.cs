using GraphQL;
using GraphQL.Types;
using Hitl.Grains.Common;
using Hitl.Grains.Conversations;

namespace Hitl.Api.GraphQL.Types;

/// <summary>A conversation; drafts, escalations and sentiment are staff-only (<see cref="StaffOnlyFields"/>).</summary>
public sealed class ConversationType : ObjectGraphType<ConversationView>
{
    /// <summary>The most messages one request may read.</summary>
    public const int MaxLast = 200;

    public ConversationType()
    {
        Name = "Conversation";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Status, type: typeof(NonNullGraphType<ConversationStatusType>));
        Field(x => x.Owner, type: typeof(NonNullGraphType<OwnerType>));
        Field(x => x.Escalation, type: typeof(EscalationType)).Description("The open escalation, if any.").StaffOnly();
        Field(x => x.Escalations, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<EscalationType>>>)).Description("Every escalation of this conversation, oldest first.").StaffOnly();
        Field(x => x.PendingDraft, type: typeof(DraftType)).Description("A bot answer held for review; the customer has not seen it.").StaffOnly();
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MessageType>>>>("messages")
            .Description($"The newest messages, oldest first (at most {MaxLast}); with `before`, the ones just before that message (older pages of the transcript).")
            .Argument<IntGraphType>("last", a => a.DefaultValue = 50)
            .Argument<IdGraphType>("before", a => a.Description = "A message id of this conversation: return the messages before it.")
            .ResolveAsync(async context =>
            {
                var last = context.GetArgument("last", 50);
                if (last is < 0 or > MaxLast)
                {
                    throw HitlException.BadInput($"messages(last:) must be between 0 and {MaxLast}.");
                }

                // Checked here too, not only where the conversation was found: every path to the messages is authorised.
                var conversation = context.Source;
                await context.EnsureCanReadAsync(conversation);
                var grain = context.Grains().Reference<IConversationGrain>(GrainKeys.Scoped(conversation.Tenant, conversation.Id));
                if (context.GetArgument<string?>("before") is not { } before)
                {
                    return await grain.GetMessagesAsync(last);
                }

                return await grain.GetMessagesBeforeAsync(MessageSeq(conversation.Id, before), last);
            });
        Field<NonNullGraphType<IntGraphType>>("version")
            .Description("Grows with every change of the conversation; the version its conversationChanged events carry, so a client keeps the newest of what queries, mutations and events told it.")
            .Resolve(context => checked((int)context.Source.Version));
        Field<NonNullGraphType<IntGraphType>>("messageCount").Resolve(context => checked((int)context.Source.MessageCount));
        Field(x => x.Sentiment).Description("Running customer sentiment in [-1,1].").StaffOnly();
        Field(x => x.Csat, nullable: true).Description("CSAT 1..5, once rated.");
        Field(x => x.CreatedAt, type: typeof(NonNullGraphType<DateTimeScalar>));
        Field(x => x.UpdatedAt, type: typeof(NonNullGraphType<DateTimeScalar>));
    }

    /// <summary>The number of message <paramref name="messageId"/> (<c>{conversationId}-{seq}</c>); BAD_USER_INPUT for another conversation's id.</summary>
    private static long MessageSeq(string conversationId, string messageId)
    {
        var prefix = conversationId + "-";
        if (!messageId.StartsWith(prefix, StringComparison.Ordinal) || !long.TryParse(messageId.AsSpan(prefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seq))
        {
            throw HitlException.BadInput("messages(before:) must be the id of a message of this conversation.");
        }

        return seq;
    }
}
