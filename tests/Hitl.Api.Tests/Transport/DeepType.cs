using GraphQL.Types;

namespace Hitl.Api.Tests.Transport;

/// <summary>A self-nesting type for depth and complexity limits.</summary>
public sealed class DeepType : ObjectGraphType<int>
{
    public DeepType()
    {
        Name = "Deep";
        Field<NonNullGraphType<IntGraphType>>("level").Resolve(context => context.Source);
        Field<DeepType>("next").Resolve(context => context.Source + 1);
        Field<ListGraphType<DeepType>>("children").Resolve(context => new[] { context.Source + 1, context.Source + 1 });
    }
}
