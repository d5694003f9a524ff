using Hitl.Grains.Common;
using Hitl.Grains.Conversations;

namespace Hitl.Api.Auth;

/// <summary>Who may see and act on a conversation (DESIGN.md section 8).</summary>
public static class ConversationAccess
{
    /// <summary>Customers reach only the conversation their token names; staff only their own tenant's (the grain key carries the tenant).</summary>
    public static void EnsureCustomerScope(HitlPrincipal principal, string conversationId)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (principal.Role == CallerRole.Customer && principal.ConversationId != conversationId)
        {
            throw HitlException.Forbidden("This token is for a different conversation.");
        }
    }

    /// <summary>
    /// Customers: their own conversation. Agents: conversations they own, or could claim (waiting in
    /// a queue they serve, or holding a draft for review when they serve the review queue). Managers
    /// and admins: every conversation of their tenant.
    /// </summary>
    public static Task EnsureCanReadAsync(IGrainFactory grains, HitlPrincipal principal, ConversationView conversation)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return EnsureCanReadAsync(principal, conversation, () => QueueAccess.ServedQueuesAsync(grains, principal));
    }

    /// <summary>
    /// As <see cref="EnsureCanReadAsync(IGrainFactory, HitlPrincipal, ConversationView)"/>, asking
    /// <paramref name="servedQueues"/> only for an agent that does not own the conversation: customers,
    /// owners, managers and admins are answered without a lookup.
    /// </summary>
    public static async Task EnsureCanReadAsync(HitlPrincipal principal, ConversationView conversation, Func<Task<IReadOnlyList<string>>> servedQueues)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(servedQueues);
        if (!await CanReadAsync(principal, conversation, servedQueues))
        {
            throw principal.Role == CallerRole.Customer
                ? HitlException.Forbidden("This token is for a different conversation.")
                : HitlException.Forbidden("Agents see the conversations they own or could claim from the queues they serve.");
        }
    }

    /// <summary>Whether the caller may read <paramref name="conversation"/> (see <see cref="EnsureCanReadAsync(IGrainFactory, HitlPrincipal, ConversationView)"/>).</summary>
    public static async Task<bool> CanReadAsync(HitlPrincipal principal, ConversationView conversation, Func<Task<IReadOnlyList<string>>> servedQueues)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(servedQueues);
        switch (principal.Role)
        {
            case CallerRole.Customer:
                return principal.ConversationId == conversation.Id;
            case CallerRole.Agent:
                break;
            default:
                return true;
        }

        if (conversation.Owner.AgentId == principal.Subject)
        {
            return true;
        }

        var waitingIn = conversation.Status == ConversationStatus.Queued ? conversation.Owner.Queue : null;
        var reviewable = conversation.PendingDraft is not null;
        if (waitingIn is null && !reviewable)
        {
            return false;
        }

        var served = await servedQueues();
        return (waitingIn is not null && served.Contains(waitingIn, StringComparer.Ordinal))
            || (reviewable && served.Contains(Conversation.ReviewQueue, StringComparer.Ordinal));
    }
}
