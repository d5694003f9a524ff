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
    /// a queue they serve). Managers and admins: every conversation of their tenant.
    /// </summary>
    public static async Task EnsureCanReadAsync(IGrainFactory grains, HitlPrincipal principal, ConversationView conversation)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(conversation);
        EnsureCustomerScope(principal, conversation.Id);
        if (principal.Role != CallerRole.Agent || conversation.Owner.AgentId == principal.Subject)
        {
            return;
        }

        var claimable = conversation.Status == ConversationStatus.Queued
            && conversation.Owner.Queue is { } queue
            && (await QueueAccess.ServedQueuesAsync(grains, principal)).Contains(queue, StringComparer.Ordinal);
        if (!claimable)
        {
            throw HitlException.Forbidden("Agents see the conversations they own or could claim from the queues they serve.");
        }
    }
}
