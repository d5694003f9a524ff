using Hitl.Grains.Common;
using Orleans.Storage;

namespace Hitl.Grains.Tests.Common;

/// <summary>
/// The reentrant queue's writer, without a cluster. Each test runs on one exclusive scheduler, as a grain's turns
/// do; the fake storage holds every write open until the test completes or fails it.
/// </summary>
public sealed class SerializedWriterTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public Task Writes_RunOneAtATime_AndCallersQueuedBehindShareTheNextWrite() => OnOneSchedulerAsync(async () =>
    {
        var storage = new FakeStorage();
        var writer = storage.Writer();

        storage.Value = 1;
        var first = writer.WriteAsync();
        var write1 = await storage.StartedAsync();
        storage.Value = 2;
        var second = writer.WriteAsync();
        storage.Value = 3;
        var third = writer.WriteAsync();

        Assert.Equal([1], storage.Captured);
        Assert.False(second.IsCompleted);
        write1.SetResult();
        await first;

        // One write for both callers queued behind, holding both their changes.
        var write2 = await storage.StartedAsync();
        Assert.Equal([1, 3], storage.Captured);
        Assert.False(second.IsCompleted);
        Assert.False(third.IsCompleted);
        write2.SetResult();
        await Task.WhenAll(second, third);
        Assert.Equal(2, storage.Captured.Count);
        Assert.True(writer.FlushAsync().IsCompleted);
        Assert.False(writer.Failed);
    });

    [Fact]
    public Task AFailedWrite_FailsItsCallers_AndEveryCallerQueuedBehind_ThenRefusesFurtherWrites() => OnOneSchedulerAsync(async () =>
    {
        var storage = new FakeStorage();
        var writer = storage.Writer();

        var first = writer.WriteAsync();
        var write1 = await storage.StartedAsync();
        var second = writer.WriteAsync();
        var third = writer.WriteAsync();
        var conflict = new InconsistentStateException("stale etag");
        write1.SetException(conflict);

        foreach (var call in new[] { first, second, third })
        {
            var error = await Assert.ThrowsAsync<HitlException>(() => call);
            Assert.Equal(HitlErrorCodes.Unavailable, error.Code);
        }

        Assert.Same(conflict, Assert.Single(storage.Failures));
        Assert.True(writer.Failed);
        Assert.Equal(HitlErrorCodes.Unavailable, (await Assert.ThrowsAsync<HitlException>(writer.WriteAsync)).Code);
        Assert.Equal(HitlErrorCodes.Unavailable, (await Assert.ThrowsAsync<HitlException>(writer.FlushAsync)).Code);
        Assert.Equal(HitlErrorCodes.Unavailable, Assert.Throws<HitlException>(writer.ThrowIfFailed).Code);

        // Nothing queued behind the failure, nor asked later, reached storage.
        Assert.Single(storage.Captured);
        Assert.Single(storage.Failures);
    });

    [Fact]
    public Task AFailureOfAQueuedWrite_LeavesCallersOfEarlierWritesAcknowledged() => OnOneSchedulerAsync(async () =>
    {
        var storage = new FakeStorage();
        var writer = storage.Writer();

        var first = writer.WriteAsync();
        var write1 = await storage.StartedAsync();
        var second = writer.WriteAsync();
        write1.SetResult();
        await first;
        var write2 = await storage.StartedAsync();
        write2.SetException(new TimeoutException());

        Assert.Equal(HitlErrorCodes.Unavailable, (await Assert.ThrowsAsync<HitlException>(() => second)).Code);
        Assert.True(first.IsCompletedSuccessfully);
        Assert.True(writer.Failed);
        Assert.IsType<TimeoutException>(Assert.Single(storage.Failures));
    });

    [Fact]
    public Task Flush_WaitsForEveryWriteAskedBeforeIt() => OnOneSchedulerAsync(async () =>
    {
        var storage = new FakeStorage();
        var writer = storage.Writer();
        Assert.True(writer.FlushAsync().IsCompletedSuccessfully);

        var first = writer.WriteAsync();
        var write1 = await storage.StartedAsync();
        var flushRunning = writer.FlushAsync();
        var second = writer.WriteAsync();
        var flushQueued = writer.FlushAsync();

        write1.SetResult();
        await flushRunning;
        var write2 = await storage.StartedAsync();
        Assert.False(flushQueued.IsCompleted);
        write2.SetResult();
        await flushQueued;
        await Task.WhenAll(first, second);
    });

    [Fact]
    public Task WritesThatCompleteAtOnce_EachRun_AndLeaveTheWriterIdle() => OnOneSchedulerAsync(async () =>
    {
        var writes = 0;
        var writer = new SerializedWriter(
            () =>
            {
                writes++;
                return Task.CompletedTask;
            },
            _ => Assert.Fail("no write failed"));

        await writer.WriteAsync();
        await writer.WriteAsync();
        await writer.WriteAsync();
        Assert.Equal(3, writes);
        Assert.True(writer.FlushAsync().IsCompletedSuccessfully);
    });

    /// <summary>Runs <paramref name="body"/> and all its continuations one at a time, like a grain activation's turns.</summary>
    private static Task OnOneSchedulerAsync(Func<Task> body) =>
        Task.Factory.StartNew(body, CancellationToken.None, TaskCreationOptions.None, new ConcurrentExclusiveSchedulerPair().ExclusiveScheduler)
            .Unwrap()
            .WaitAsync(Timeout);

    /// <summary>Records what each write stored (the value at the time the write started) and holds it open.</summary>
    private sealed class FakeStorage
    {
        private readonly System.Threading.Channels.Channel<TaskCompletionSource> _started = System.Threading.Channels.Channel.CreateUnbounded<TaskCompletionSource>();

        public int Value { get; set; }

        public List<int> Captured { get; } = [];

        public List<Exception> Failures { get; } = [];

        public SerializedWriter Writer() => new(WriteAsync, Failures.Add);

        public async Task<TaskCompletionSource> StartedAsync() => await _started.Reader.ReadAsync().AsTask().WaitAsync(Timeout);

        private Task WriteAsync()
        {
            Captured.Add(Value);
            var write = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _started.Writer.TryWrite(write);
            return write.Task;
        }
    }
}
