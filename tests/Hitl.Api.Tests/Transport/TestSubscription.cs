using GraphQL.Types;

namespace Hitl.Api.Tests.Transport;

public sealed class TestSubscription : ObjectGraphType
{
    public TestSubscription()
    {
        Name = "Subscription";
        Field<IntGraphType>("ticks").ResolveStream(_ => new EmptyObservable());
    }

    private sealed class EmptyObservable : IObservable<object?>, IDisposable
    {
        public IDisposable Subscribe(IObserver<object?> observer)
        {
            observer.OnCompleted();
            return this;
        }

        public void Dispose()
        {
        }
    }
}
