using Hitl.Silo.Storage;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Hitl.Grains.Tests.Storage;

public sealed class SqliteReminderTableTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "hitl-reminders-" + Guid.NewGuid().ToString("N"));

    private SqliteReminderTable Open(string serviceId = "service") => new(
        Options.Create(new SqliteStorageOptions { DatabasePath = Path.Combine(_directory, "hitl.db") }),
        Options.Create(new ClusterOptions { ServiceId = serviceId, ClusterId = "c" }));

    private static ReminderEntry Entry(GrainId grain, string name, int minutes = 5) => new()
    {
        GrainId = grain,
        ReminderName = name,
        StartAt = new DateTime(2026, 11, 23, 10, 0, 0, DateTimeKind.Utc),
        Period = TimeSpan.FromMinutes(minutes),
    };

    [Fact]
    public async Task Upsert_Read_Update_Remove_WithETags()
    {
        var table = Open();
        var grain = GrainId.Create("conversation", "t/c1");
        var etag1 = await table.UpsertRow(Entry(grain, "sla"));
        var row = await table.ReadRow(grain, "sla");
        Assert.NotNull(row);
        Assert.Equal(etag1, row.ETag);
        Assert.Equal(TimeSpan.FromMinutes(5), row.Period);
        Assert.Equal(new DateTime(2026, 11, 23, 10, 0, 0, DateTimeKind.Utc), row.StartAt);
        Assert.Equal(grain, row.GrainId);

        var etag2 = await table.UpsertRow(Entry(grain, "sla", 7));
        Assert.NotEqual(etag1, etag2);
        Assert.Equal(TimeSpan.FromMinutes(7), (await table.ReadRow(grain, "sla"))!.Period);

        Assert.False(await table.RemoveRow(grain, "sla", etag1!));
        Assert.True(await table.RemoveRow(grain, "sla", etag2!));
        Assert.Null(await table.ReadRow(grain, "sla"));
    }

    [Fact]
    public async Task ReadRows_ByGrain_ReturnsOnlyThatGrainsReminders()
    {
        var table = Open();
        var a = GrainId.Create("conversation", "t/a");
        var b = GrainId.Create("conversation", "t/b");
        await table.UpsertRow(Entry(a, "one"));
        await table.UpsertRow(Entry(a, "two"));
        await table.UpsertRow(Entry(b, "one"));
        var rows = await table.ReadRows(a);
        Assert.Equal(["one", "two"], rows.Reminders.Select(r => r.ReminderName).Order());
    }

    [Fact]
    public async Task ReadRows_ByRange_CoversTheRingIncludingWrapAround()
    {
        var table = Open();
        var grains = Enumerable.Range(0, 40).Select(i => GrainId.Create("conversation", $"t/g{i}")).ToList();
        foreach (var g in grains)
        {
            await table.UpsertRow(Entry(g, "r"));
        }

        var hashes = grains.Select(g => g.GetUniformHashCode()).OrderBy(h => h).ToList();
        var split = hashes[20];
        var low = await table.ReadRows(0, split);            // (0, split]
        var wrap = await table.ReadRows(split, 0);           // (split, max] and [0, 0]
        Assert.Equal(grains.Count, low.Reminders.Count + wrap.Reminders.Count);
        Assert.All(low.Reminders, r => Assert.InRange(r.GrainId.GetUniformHashCode(), 1u, split));
        Assert.All(wrap.Reminders, r => Assert.True(r.GrainId.GetUniformHashCode() > split || r.GrainId.GetUniformHashCode() == 0));
        Assert.Equal(grains.Count, (await table.ReadRows(split, split)).Reminders.Count);
    }

    [Fact]
    public async Task Reminders_SurviveReopening_AndStayWithinTheirService()
    {
        var grain = GrainId.Create("conversation", "t/keep");
        await Open().UpsertRow(Entry(grain, "sla"));
        Assert.NotNull(await Open().ReadRow(grain, "sla"));
        Assert.Null(await Open("other-service").ReadRow(grain, "sla"));

        await Open().TestOnlyClearTable();
        Assert.Null(await Open().ReadRow(grain, "sla"));
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
