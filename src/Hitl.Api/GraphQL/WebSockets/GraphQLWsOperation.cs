namespace Hitl.Api.GraphQL.WebSockets;

/// <summary>One running graphql-transport-ws operation (<c>subscribe</c> id): cancelled, and its stream unsubscribed, when it ends.</summary>
internal sealed class GraphQLWsOperation(string id) : IDisposable
{
    private readonly Lock _gate = new();
    private IDisposable? _subscription;
    private bool _disposed;

    /// <summary>The id the client gave in <c>subscribe</c>; every message about the operation carries it.</summary>
    public string Id => id;

    /// <summary>Cancelled when the operation ends, whether or not its execution finished.</summary>
    public CancellationTokenSource Cancellation { get; } = new();

    /// <summary>False when the operation ended before its stream was attached.</summary>
    public bool Attach(IDisposable subscription)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return false;
            }

            _subscription = subscription;
            return true;
        }
    }

    public void Dispose()
    {
        IDisposable? subscription;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            subscription = _subscription;
        }

        Cancellation.Cancel();
        subscription?.Dispose();
        Cancellation.Dispose();
    }
}
