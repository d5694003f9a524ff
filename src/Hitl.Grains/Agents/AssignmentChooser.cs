namespace Hitl.Grains.Agents;

/// <summary>
/// Whom automatic assignment offers work to: an ONLINE agent that serves the queue and has free
/// capacity; the least loaded first (by load, then by load relative to capacity); ties go to the
/// agent idle the longest, then by id so the choice is deterministic. AWAY agents only pull.
/// </summary>
public static class AssignmentChooser
{
    public static AgentCandidate? Choose(IEnumerable<AgentCandidate> agents, string queue, IReadOnlySet<string>? exclude = null)
    {
        ArgumentNullException.ThrowIfNull(agents);
        return agents
            .Where(a => a.Presence == Presence.Online
                && a.HasFreeCapacity
                && a.Queues.Contains(queue, StringComparer.Ordinal)
                && (exclude is null || !exclude.Contains(a.AgentId)))
            .OrderBy(a => a.Load)
            .ThenBy(a => (double)a.Load / a.Capacity)
            .ThenBy(a => a.IdleSince)
            .ThenBy(a => a.AgentId, StringComparer.Ordinal)
            .FirstOrDefault();
    }
}
