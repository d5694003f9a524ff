namespace Hitl.Api.Tests.Infrastructure;

/// <summary>One running app per test collection; tests create their own tenants.</summary>
public sealed class ApiFixture : IAsyncLifetime
{
    public HitlApiFactory Factory { get; } = new();

    public GraphQLClient Client { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Client = new GraphQLClient(Factory.CreateClient());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        Factory.DeleteData();
    }
}
