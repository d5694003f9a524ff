using GraphQL;
using GraphQL.Types;
using Hitl.Api.Auth;
using Hitl.Api.GraphQL.WebSockets;
using Hitl.Api.Live;
using Hitl.Api.Tests.Live;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hitl.Api.Tests.Transport;

/// <summary>
/// Slow consumers on a real socket (Kestrel, loopback TCP, <see cref="System.Net.WebSockets.ClientWebSocket"/>), and
/// the per-subscription buffer of the live hub: a reader that falls behind is cut off, never buffered without bound.
/// </summary>
public sealed class RealSocketSlowConsumerTests
{
    private const int SendQueueCapacity = 8;
    private const int PayloadBytes = 32 * 1024;

    // 128 MiB in all: far more than loopback TCP buffers hold (tcp_wmem + tcp_rmem maxima are tens of MiB), so a
    // client that does not read makes the server's send queue overflow.
    private const int Events = 4096;

    [Fact]
    public async Task A_real_client_that_stops_reading_while_the_server_pushes_is_closed_with_1013_after_a_bounded_backlog()
    {
        var flood = new Flood(Events, new string('x', PayloadBytes));
        await using var app = await StartAsync(flood);
        var uri = new Uri($"ws://{new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Authority}/graphql");
        await using var client = await WsClient.ReadyAsync(uri, token: null);

        // Subscribe, then read nothing until the server has produced every event.
        await client.SubscribeAsync("f", "subscription { flood }");
        await flood.AllProduced.WaitAsync(TimeSpan.FromMinutes(2));

        var received = 0;
        while (await client.ReceiveAsync(TimeSpan.FromSeconds(30)) is { } message)
        {
            Assert.Equal("next", message.GetProperty("type").GetString());
            received++;
        }

        Assert.Equal(GraphQLWebSocketCloseCodes.SlowConsumer, (int?)client.CloseStatus);

        // What the client got is what the TCP buffers held plus at most the send queue: far from everything.
        Assert.InRange(received, 0, Events / 2);
    }

    [Fact]
    public async Task A_subscription_whose_buffer_overflows_reports_a_slow_consumer_and_its_stream_fails_after_the_buffered_events()
    {
        var left = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var subscription = new LiveSubscription<Change>(2, _ => left.TrySetResult());
        var snapshotAsked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var overflowed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slow = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stream = LiveStreams.Of(
            () => Task.FromResult(subscription),
            async () =>
            {
                // Nothing is read from the buffer until three changes were delivered into its two places.
                snapshotAsked.TrySetResult();
                await overflowed.Task;
                return (0L, (IReadOnlyList<Change>)[]);
            },
            c => c.Version,
            onSlow: () => slow.TrySetResult());
        var observer = new Recorder();

        using (stream.Subscribe(observer))
        {
            await snapshotAsked.Task.WaitAsync(TimeSpan.FromSeconds(10));
            subscription.Deliver(new Change(1));
            subscription.Deliver(new Change(2));
            subscription.Deliver(new Change(3));
            overflowed.TrySetResult();

            await slow.Task.WaitAsync(TimeSpan.FromSeconds(10));
            var error = await observer.Failed.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.IsType<SlowConsumerException>(error);
            Assert.Equal([1L, 2L], observer.Versions);
        }

        // The stream's end leaves the topic.
        await left.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private static async Task<WebApplication> StartAsync(Flood flood)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(flood);
        builder.Services.AddSingleton<FloodSubscription>();
        builder.Services.AddSingleton<FloodQuery>();
        builder.Services.AddGraphQL(b => b.AddSchema<FloodSchema>().AddSystemTextJson());
        builder.Services.AddAuthentication();
        builder.Services.AddSingleton<BearerTokenValidator>();
        builder.Services.Configure<GraphQLWebSocketOptions>(o =>
        {
            o.SendQueueCapacity = SendQueueCapacity;

            // Long enough that the client drains its backlog and gets the close frame before the server gives up on it.
            o.CloseTimeout = TimeSpan.FromMinutes(1);
        });
        var app = builder.Build();
        app.UseWebSockets();
        app.Map("/graphql", pipeline => pipeline.UseMiddleware<GraphQLWebSocketMiddleware>());
        await app.StartAsync();
        return app;
    }

    public sealed record Change(long Version);

    private sealed class Recorder : IObserver<object>
    {
        private readonly TaskCompletionSource<Exception> _failed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<long> Versions { get; } = [];

        public Task<Exception> Failed => _failed.Task;

        public void OnNext(object value) => Versions.Add(((Change)value).Version);

        public void OnError(Exception error) => _failed.TrySetResult(error);

        public void OnCompleted() => _failed.TrySetResult(new InvalidOperationException("The stream completed instead of failing."));
    }

    /// <summary>Pushes <c>count</c> big events as fast as it can; <see cref="AllProduced"/> ends when the server has resolved the last one.</summary>
    private sealed class Flood(int count, string payload)
    {
        private readonly TaskCompletionSource _allProduced = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _resolved;

        public Task AllProduced => _allProduced.Task;

        public IObservable<object?> Stream() => new FloodObservable(count, payload);

        public string Resolve(string value)
        {
            if (Interlocked.Increment(ref _resolved) == count)
            {
                _allProduced.TrySetResult();
            }

            return value;
        }

        private sealed class FloodObservable(int count, string payload) : IObservable<object?>
        {
            public IDisposable Subscribe(IObserver<object?> observer)
            {
                var stop = new CancellationTokenSource();
                _ = Task.Run(
                    () =>
                    {
                        for (var i = 0; i < count && !stop.IsCancellationRequested; i++)
                        {
                            observer.OnNext(payload);
                        }
                    },
                    CancellationToken.None);
                return stop;
            }
        }
    }

    private sealed class FloodSchema : Schema
    {
        public FloodSchema(IServiceProvider services, FloodQuery query, FloodSubscription subscription)
            : base(services)
        {
            Query = query;
            Subscription = subscription;
        }
    }

    private sealed class FloodQuery : ObjectGraphType
    {
        public FloodQuery()
        {
            Name = "Query";
            Field<StringGraphType>("ok").Resolve(_ => "ok");
        }
    }

    private sealed class FloodSubscription : ObjectGraphType
    {
        public FloodSubscription(Flood flood)
        {
            Name = "Subscription";
            Field<StringGraphType>("flood")
                .Resolve(context => flood.Resolve((string)context.Source!))
                .ResolveStream(_ => flood.Stream());
        }
    }
}
