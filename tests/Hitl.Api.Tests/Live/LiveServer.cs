using Hitl.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Hitl.Api.Tests.Live;

/// <summary>The whole app on a real Kestrel port (WebSocket clients, including the npm graphql-ws client, need one).</summary>
public sealed class LiveServer : IAsyncDisposable
{
    public LiveServer(IReadOnlyDictionary<string, string>? settings = null)
    {
        Factory = new HitlApiFactory(settings: settings);
        Factory.UseKestrel(0);
        Factory.StartServer();
        var address = Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
        Client = new GraphQLClient(new HttpClient { BaseAddress = BaseAddress });
    }

    public HitlApiFactory Factory { get; }

    public Uri BaseAddress { get; }

    public Uri WebSocketUri => new($"ws://{BaseAddress.Authority}/graphql");

    public GraphQLClient Client { get; }

    public IGrainFactory Grains => Factory.Services.GetRequiredService<IGrainFactory>();

    public async ValueTask DisposeAsync()
    {
        Client.Http.Dispose();
        await Factory.DisposeAsync();
        Factory.DeleteData();
    }
}
