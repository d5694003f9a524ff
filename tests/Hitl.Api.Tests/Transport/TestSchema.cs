using GraphQL.Types;

namespace Hitl.Api.Tests.Transport;

public sealed class TestSchema : Schema
{
    public TestSchema(IServiceProvider services, TestQuery query, TestMutation mutation, TestSubscription subscription)
        : base(services)
    {
        Query = query;
        Mutation = mutation;
        Subscription = subscription;
    }
}
