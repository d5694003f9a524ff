using Hitl.Grains.Queues;

namespace Hitl.Grains.Conversations;

/// <summary>A checked transfer, not yet applied: the new escalation, the agent it goes straight to (if any), and its work item.</summary>
public sealed record TransferPlan(EscalationRecord Escalation, string? AgentId, WorkItem Item);
