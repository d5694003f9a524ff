using Hitl.Grains.Queues;

namespace Hitl.Api.GraphQL.Inputs;

public sealed class ReviewDraftInput
{
    public string WorkItemId { get; set; } = "";

    public DraftDecision Decision { get; set; }

    public string? Text { get; set; }
}
