namespace Hitl.Grains.Queues;

[GenerateSerializer, Alias("hitl.DraftDecision")]
public enum DraftDecision
{
    Approve = 0,
    Edit = 1,
    Reject = 2,
}
