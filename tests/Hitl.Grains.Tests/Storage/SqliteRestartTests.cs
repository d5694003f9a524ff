using Hitl.Grains.Common;
using Hitl.Grains.Conversations;
using Hitl.Grains.Tenants;
using Hitl.Silo.Hosting;
using Hitl.Silo.Storage;
using Orleans.TestingHost;

namespace Hitl.Grains.Tests.Storage;

/// <summary>A whole cluster stops and a new one starts on the same SQLite file: nothing is lost.</summary>
public sealed class SqliteRestartTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "hitl-restart-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task State_SurvivesAFullClusterRestart()
    {
        var database = Path.Combine(_directory, "hitl.db");
        var key = GrainKeys.Scoped("acme", "c1");

        await using (var first = await StartAsync(database))
        {
            await first.Client.GetGrain<ITenantGrain>("acme").CreateAsync("Acme", ApiKeys.Hash("k"));
            var conversation = first.Client.GetGrain<IConversationGrain>(key);
            await conversation.StartAsync("Dana", null);
            await conversation.RequestHumanAsync(new Caller(CallerRole.Customer, "c1"));
            for (var i = 0; i < 150; i++)
            {
                await conversation.PostMessageAsync(new PostMessage(new Caller(CallerRole.Customer, "c1"), $"m{i}", $"id{i}"));
            }
        }

        await using var second = await StartAsync(database);
        var reloaded = second.Client.GetGrain<IConversationGrain>(key);
        var view = await reloaded.GetAsync();
        Assert.NotNull(view);
        Assert.Equal(ConversationStatus.Queued, view.Status);
        Assert.Equal(151, view.MessageCount);
        var messages = await reloaded.GetMessagesAsync(200);
        Assert.Equal(151, messages.Count);
        Assert.Equal("m149", messages[^1].Text);
        Assert.True(await second.Client.GetGrain<ITenantGrain>("acme").VerifyApiKeyAsync(ApiKeys.Hash("k")));
    }

    private static async Task<InProcessTestCluster> StartAsync(string database)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ServiceId = "restart-test";
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddSqliteGrainStorage(HitlStorage.Name, o => o.DatabasePath = database);
            silo.UseSqliteReminderService(o => o.DatabasePath = database);
            silo.AddHitlGrainServices();
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
