using GraphQL.Types;
using Hitl.Grains.Agents;

namespace Hitl.Api.GraphQL.Types;

public sealed class AgentType : ObjectGraphType<AgentView>
{
    public AgentType()
    {
        Name = "Agent";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Name, nullable: true);
        Field(x => x.Presence, type: typeof(NonNullGraphType<PresenceType>));
        Field(x => x.Capacity).Description("Most conversations this agent holds at once.");
        Field(x => x.Queues, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>)).Description("Queues this agent serves.");
        Field<NonNullGraphType<IntGraphType>>("load").Resolve(context => context.Source.Load);
        Field(x => x.Assignments, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<WorkItemType>>>));
    }
}
