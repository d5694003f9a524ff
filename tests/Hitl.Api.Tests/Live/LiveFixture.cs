namespace Hitl.Api.Tests.Live;

/// <summary>
/// Two servers for the live tests: one with default limits, and one with tight limits (short
/// connection_init timeout, tiny send queue, two operations per socket, small messages, no clock
/// skew on tokens) for the limit and expiry tests.
/// </summary>
public sealed class LiveFixture : IAsyncLifetime
{
    public LiveServer Server { get; private set; } = null!;

    public LiveServer Tight { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Server = new LiveServer(new Dictionary<string, string>
        {
            ["Hitl:Live:ResubscribeInterval"] = "00:00:01",
        });
        Tight = new LiveServer(new Dictionary<string, string>
        {
            ["Hitl:WebSocket:ConnectionInitTimeout"] = "00:00:01",
            ["Hitl:WebSocket:SendQueueCapacity"] = "2",
            ["Hitl:WebSocket:MaxOperationsPerSocket"] = "2",
            ["Hitl:WebSocket:MaxMessageBytes"] = "2048",
            ["Hitl:Jwt:ClockSkew"] = "00:00:00",
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Tight.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class LiveCollection : ICollectionFixture<LiveFixture>
{
    public const string Name = "live";
}
