namespace Hitl.Api.Live;

/// <summary>
/// Presents an async sequence as the <see cref="IObservable{T}"/> graphql-dotnet's subscription
/// execution consumes: each subscription reads the sequence on its own loop; disposing the
/// subscription stops the loop and disposes the sequence (which leaves the hub).
/// </summary>
public sealed class AsyncEnumerableObservable<T>(Func<CancellationToken, IAsyncEnumerable<T>> source) : IObservable<T>
{
    public IDisposable Subscribe(IObserver<T> observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        var stop = new CancellationTokenSource();
        _ = PumpAsync(observer, stop.Token);
        return new Stopper(stop);
    }

    private async Task PumpAsync(IObserver<T> observer, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var item in source(cancellationToken).WithCancellation(cancellationToken))
            {
                observer.OnNext(item);
            }

            observer.OnCompleted();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Unsubscribed: nobody listens any more.
        }
        catch (Exception ex)
        {
            observer.OnError(ex);
        }
    }

    private sealed class Stopper(CancellationTokenSource stop) : IDisposable
    {
        public void Dispose()
        {
            try
            {
                stop.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // Disposed twice.
            }

            stop.Dispose();
        }
    }
}
