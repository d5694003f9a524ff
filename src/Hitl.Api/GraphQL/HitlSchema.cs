using GraphQL.Types;
using Hitl.Api.GraphQL.Types;

namespace Hitl.Api.GraphQL;

/// <summary>The served schema: the contract in ../shared/contract/schema.graphql, as far as it is built.</summary>
public sealed class HitlSchema : Schema
{
    public HitlSchema(IServiceProvider services, HitlQuery query, HitlMutation mutation, HitlSubscription subscription)
        : base(services)
    {
        Query = query;
        Mutation = mutation;
        Subscription = subscription;
        RegisterTypeMapping(typeof(DateTimeOffset), typeof(DateTimeScalar));
    }
}
