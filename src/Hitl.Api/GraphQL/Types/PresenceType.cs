using GraphQL.Types;
using Hitl.Grains.Agents;

namespace Hitl.Api.GraphQL.Types;

public sealed class PresenceType : EnumerationGraphType<Presence>
{
    public PresenceType() => Name = "Presence";
}
