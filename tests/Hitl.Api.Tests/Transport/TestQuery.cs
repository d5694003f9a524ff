using GraphQL;
using GraphQL.Types;
using Hitl.Api.GraphQL.Http;
using Hitl.Grains.Common;
using Orleans.Storage;

namespace Hitl.Api.Tests.Transport;

public sealed class TestQuery : ObjectGraphType
{
    public const string SecretDetail = "secret connection string Password=hunter2";

    private static readonly int[] Items = [0, 1];

    public TestQuery(ResolverProbe probe)
    {
        Name = "Query";
        Field<StringGraphType>("hello").Resolve(_ => "world");
        Field<StringGraphType>("whoami").Resolve(context =>
            context.UserContext is GraphQLUserContext user ? user.User.Identity?.Name ?? "anonymous" : "no user context");
        Field<StringGraphType>("touch")
            .Argument<NonNullGraphType<StringGraphType>>("key")
            .Resolve(context =>
            {
                probe.Touch(context.GetArgument<string>("key"));
                return "touched";
            });
        Field<IntGraphType>("double")
            .Argument<NonNullGraphType<IntGraphType>>("value")
            .Resolve(context => context.GetArgument<int>("value") * 2);
        Field<StringGraphType>("notFound").Resolve(_ => throw HitlException.NotFound("Conversation c-1 was not found."));
        Field<StringGraphType>("forbidden").Resolve(_ => throw HitlException.Forbidden("Not your conversation."));
        Field<StringGraphType>("conflict").Resolve(_ => throw new InconsistentStateException("etag mismatch " + SecretDetail));
        Field<StringGraphType>("timeout").Resolve(_ => throw new TimeoutException("silo timeout " + SecretDetail));
        Field<StringGraphType>("boom").Resolve(_ => throw new InvalidOperationException(SecretDetail));
        Field<DeepType>("deep").Resolve(_ => 0);
        Field<ListGraphType<DeepType>>("items").Resolve(_ => Items);
        Field<ListGraphType<DeepType>>("page")
            .Argument<IntGraphType>("first")
            .Resolve(context => Enumerable.Range(0, Math.Min(context.GetArgument("first", 2), 10)));
    }
}
