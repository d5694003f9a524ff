using GraphQL;
using GraphQL.Types;
using Hitl.Api.Auth;
using Hitl.Grains.Common;
using Hitl.Grains.Conversations;

namespace Hitl.Api.GraphQL;

/// <summary>Root mutation: thin resolvers that check the caller and send one command to a grain.</summary>
public sealed partial class HitlMutation : ObjectGraphType
{
    public HitlMutation()
    {
        Name = "Mutation";
        AddAccessFields();
        AddConversationsFields();
        AddWorkFields();
        AddKnowledgeFields();
    }

    /// <summary>
    /// The caller and the conversation a command names, in the caller's tenant; a customer's token reaches only its
    /// own conversation. Who may do what to it is the conversation's own rule (<see cref="Grains.Conversations.Conversation"/>).
    /// </summary>
    private static (Caller Caller, IConversationGrain Conversation) Conversation(IResolveFieldContext context, string id)
    {
        var principal = context.Principal();
        ConversationAccess.EnsureCustomerScope(principal, id);
        return (principal.Caller, context.Grains().Reference<IConversationGrain>(GrainKeys.Scoped(principal.Tenant, id)));
    }
}
