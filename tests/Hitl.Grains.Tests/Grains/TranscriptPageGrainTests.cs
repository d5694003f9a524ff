using Hitl.Grains.Common;
using Hitl.Grains.Conversations;

namespace Hitl.Grains.Tests.Grains;

[Collection(ClusterCollection.Name)]
public sealed class TranscriptPageGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task AWrittenPage_LeavesMemory_AndIsReadBackFromStorage()
    {
        var key = GrainKeys.Page("t-pages", "c_" + Guid.NewGuid().ToString("N")[..10], 0);
        var page = fixture.Grains.GetGrain<ITranscriptPageGrain>(key);
        var at = fixture.Time.GetUtcNow();
        var messages = Enumerable.Range(0, TranscriptLayout.PageSize)
            .Select(i => new ChatMessage($"m-{i}", i, Author.Customer, null, $"message {i}", at, null, [], null))
            .ToList();

        await page.WriteAsync(messages);

        // Deactivated right after the write, not kept until the idle collector runs.
        var management = fixture.Grains.GetGrain<IManagementGrain>(0);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await management.GetActivationAddress(page) is not null)
        {
            Assert.True(DateTime.UtcNow < deadline, "the page grain is still active 20 s after its write");
            await Task.Delay(50);
        }

        var read = await page.ReadAsync();
        Assert.Equal(messages.Select(m => m.Text), read.Select(m => m.Text));

        // Write-once: a retried flush changes nothing.
        await page.WriteAsync([.. messages.Take(3)]);
        Assert.Equal(TranscriptLayout.PageSize, (await page.ReadAsync()).Count);
    }
}
