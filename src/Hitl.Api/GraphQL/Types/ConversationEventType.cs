using System.Runtime.CompilerServices;
using GraphQL;
using GraphQL.Types;
using Hitl.Grains.Common;
using Hitl.Grains.Live;

namespace Hitl.Api.GraphQL.Types;

public sealed class ConversationEventType : ObjectGraphType<ConversationChange>
{
    // Events that tell one subscriber it lost the right to watch: each is a copy made for that subscriber.
    private static readonly ConditionalWeakTable<ConversationChange, string> Refusals = [];

    public ConversationEventType()
    {
        Name = "ConversationEvent";
        Field(x => x.ConversationId, type: typeof(NonNullGraphType<IdGraphType>));
        Field<NonNullGraphType<IntGraphType>>("version")
            .Description("The conversation's version after the change; the events of one command share it.")
            .Resolve(context => checked((int)context.Source.Version));
        Field(x => x.Kind).Description("SNAPSHOT (first on every subscription and after a gap), MESSAGE, ESCALATED, ASSIGNED, TRANSFERRED, RETURNED, HANDED_BACK, RESOLVED, REOPENED, DRAFT, DRAFT_REVIEWED, RATED, SLA_BREACHED, UPDATED.");
        Field(x => x.Message, type: typeof(MessageType));
        Field(x => x.Conversation, type: typeof(NonNullGraphType<ConversationType>));

        // A refusal resolves no field at all: every selected field answers with the refusal's error.
        // Keep this loop last in the constructor, so it covers every field.
        foreach (var field in Fields)
        {
            field.ApplyMiddleware(next => context =>
                context.Source is ConversationChange change && Refusals.TryGetValue(change, out var refusal)
                    ? throw HitlException.Forbidden(refusal)
                    : next(context));
        }
    }

    /// <summary>
    /// An event that, executed for the subscriber it was made for, answers FORBIDDEN (with the
    /// message <paramref name="refusal"/>) instead of any data: the last event of a subscription whose caller
    /// lost the right to see the conversation.
    /// </summary>
    public static ConversationChange Refusal(ConversationChange change, string refusal)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentException.ThrowIfNullOrEmpty(refusal);
        var copy = change with { };
        Refusals.AddOrUpdate(copy, refusal);
        return copy;
    }
}
