using GraphQL;
using GraphQL.Types;

namespace Hitl.Api.Tests.Transport;

public sealed class TestMutation : ObjectGraphType
{
    public TestMutation(ResolverProbe probe)
    {
        Name = "Mutation";
        Field<StringGraphType>("touch")
            .Argument<NonNullGraphType<StringGraphType>>("key")
            .Resolve(context =>
            {
                probe.Touch(context.GetArgument<string>("key"));
                return "touched";
            });
    }
}
