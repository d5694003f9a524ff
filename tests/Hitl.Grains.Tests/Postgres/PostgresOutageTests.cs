using Hitl.Grains.Common;
using Hitl.Grains.Conversations;
using Hitl.Grains.Tenants;
using Hitl.Silo.Storage.Postgres;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hitl.Grains.Tests.Postgres;

/// <summary>The database goes away under a running silo, and is not there when a process starts.</summary>
public sealed class PostgresOutageTests
{
    private static readonly Caller Customer = new(CallerRole.Customer, "c1");

    [Fact]
    public async Task Losing_the_database_fails_requests_as_unavailable_and_a_retry_after_it_returns_is_stored_once()
    {
        await using var server = await PostgresServer.StartPrivateAsync();
        var database = await server.CreateDatabaseAsync();
        await new PostgresMigrator(database, new PostgresOptions(), NullLogger.Instance).MigrateAsync();
        var service = "outage-" + Guid.NewGuid().ToString("N")[..8];
        var key = GrainKeys.Scoped("acme", "c1");

        await using (var silo = await PostgresSilo.StartAsync(database, service))
        {
            await silo.Grains.GetGrain<ITenantGrain>("acme").CreateAsync("Acme", ApiKeys.Hash("k"));
            var conversation = silo.Grains.GetGrain<IConversationGrain>(key);
            await conversation.StartAsync("Dana", null);
            await conversation.RequestHumanAsync(Customer);
            await conversation.PostMessageAsync(new PostMessage(Customer, "before", "m1"));

            await server.StopAsync();
            Assert.True(IsUnavailable(await Assert.ThrowsAnyAsync<Exception>(() => conversation.PostMessageAsync(new PostMessage(Customer, "during", "m2")))));

            // The failed write is not visible: the activation that held it in memory is gone, and the
            // next one cannot even load while the database is down.
            Assert.True(IsUnavailable(await Assert.ThrowsAnyAsync<Exception>(() => conversation.GetMessagesAsync(10))));

            await server.StartAgainAsync();
            var messages = await RetryWhileUnavailableAsync(() => conversation.GetMessagesAsync(10));
            Assert.Equal(["before"], messages.Where(m => m.Author == Author.Customer).Select(m => m.Text));

            // The client retries the same message (same id): stored once.
            await RetryWhileUnavailableAsync(() => conversation.PostMessageAsync(new PostMessage(Customer, "during", "m2")));
            await conversation.PostMessageAsync(new PostMessage(Customer, "during", "m2"));
        }

        // A new cluster reads what the database holds.
        await using var again = await PostgresSilo.StartAsync(database, service);
        var stored = await again.Grains.GetGrain<IConversationGrain>(key).GetMessagesAsync(10);
        Assert.Equal(["before", "during"], stored.Where(m => m.Author == Author.Customer).Select(m => m.Text));
    }

    [Fact]
    public async Task An_unreachable_database_at_start_is_retried_then_reported_clearly()
    {
        var options = new PostgresOptions { StartupTimeout = TimeSpan.FromSeconds(2) };
        var migrator = new PostgresMigrator($"Host=127.0.0.1;Port={PostgresServer.FreePort()};Username=postgres;Database=hitl;Timeout=1", options, NullLogger.Instance);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => migrator.MigrateAsync());

        Assert.Contains("PostgreSQL is unreachable (127.0.0.1:", error.Message, StringComparison.Ordinal);
        Assert.Matches(@"after [2-9]\d* attempts", error.Message);
    }

    private static async Task<T> RetryWhileUnavailableAsync<T>(Func<Task<T>> call)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception ex) when (IsUnavailable(ex) && DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50));
            }
        }
    }

    /// <summary>The error a client sees: UNAVAILABLE, itself or as the cause of a failed activation.</summary>
    private static bool IsUnavailable(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is HitlException { Code: HitlErrorCodes.Unavailable })
            {
                return true;
            }
        }

        return false;
    }

}
