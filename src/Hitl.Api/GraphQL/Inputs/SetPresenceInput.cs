using Hitl.Grains.Agents;

namespace Hitl.Api.GraphQL.Inputs;

public sealed class SetPresenceInput
{
    public Presence Presence { get; set; }

    public int? Capacity { get; set; }

    public List<string>? Queues { get; set; }
}
