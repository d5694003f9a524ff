namespace Hitl.Grains.Tests.Postgres;

/// <summary>A silo lifecycle for one component outside a silo: runs every subscribed start step at once.</summary>
public sealed class StartNowLifecycle : ISiloLifecycle
{
    private readonly List<ILifecycleObserver> _observers = [];

    public int HighestCompletedStage { get; private set; }

    public int LowestStoppedStage { get; private set; }

    public IDisposable Subscribe(string observerName, int stage, ILifecycleObserver observer)
    {
        _observers.Add(observer);
        return new Unsubscriber();
    }

    public async Task StartAsync()
    {
        foreach (var observer in _observers)
        {
            await observer.OnStart(CancellationToken.None);
        }

        HighestCompletedStage = int.MaxValue;
    }

    private sealed class Unsubscriber : IDisposable
    {
        public void Dispose()
        {
        }
    }
}
