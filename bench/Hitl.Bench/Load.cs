using System.Diagnostics;

namespace Hitl.Bench;

/// <summary>Ways of applying load, shared by the scenarios.</summary>
public static class Load
{
    /// <summary>Runs <paramref name="body"/> for 0..count-1, <paramref name="concurrency"/> at a time (closed loop).</summary>
    public static Task ForEachAsync(int count, int concurrency, Func<int, Task> body)
    {
        var next = -1;
        return Task.WhenAll(Enumerable.Range(0, Math.Max(1, Math.Min(concurrency, count))).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                await body(i);
            }
        })));
    }

    /// <summary>Closed loop: <paramref name="count"/> requests, <paramref name="concurrency"/> at a time; each one's round trip.</summary>
    public static async Task<Run> RequestsAsync(int count, int concurrency, Func<int, Task> request)
    {
        var latencies = new Latencies();
        var started = Stopwatch.GetTimestamp();
        await ForEachAsync(count, concurrency, async i =>
        {
            var t0 = Stopwatch.GetTimestamp();
            await request(i);
            var elapsed = Stopwatch.GetElapsedTime(t0);
            lock (latencies)
            {
                latencies.Add(elapsed);
            }
        });
        return new Run(latencies, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>
    /// Open loop: request k is due at start + k / rate, whatever happened to the ones before; its latency
    /// counts from when it was due (so a slow server cannot hide its queue).
    /// </summary>
    public static async Task<Run> AtRateAsync(double perSecond, TimeSpan duration, Func<int, Task> request)
    {
        var latencies = new Latencies();
        var lags = new Latencies();
        var count = (int)(perSecond * duration.TotalSeconds);
        var started = Stopwatch.GetTimestamp();
        var pending = new List<Task>(count);
        for (var k = 0; k < count; k++)
        {
            var due = TimeSpan.FromSeconds(k / perSecond);
            var wait = due - Stopwatch.GetElapsedTime(started);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            var index = k;
            pending.Add(Task.Run(async () =>
            {
                var lag = Stopwatch.GetElapsedTime(started) - due;
                await request(index);
                var elapsed = Stopwatch.GetElapsedTime(started) - due;
                lock (latencies)
                {
                    latencies.Add(elapsed);
                    lags.Add(lag);
                }
            }));
        }

        await Task.WhenAll(pending);
        return new Run(latencies, Stopwatch.GetElapsedTime(started), lags);
    }

    public static void Report(string what, Run run) =>
        Console.WriteLine($"  {what,-40} {run.Rate,8:F0}/s in {run.Elapsed.TotalSeconds:F2} s  {run.Latencies.Describe()}");

    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
    }
}

/// <summary>
/// One measured run: every round trip, and the wall time of the whole. An open-loop run also has each request's
/// lag: how late the load tool itself started it after it was due (counted in its latency too).
/// </summary>
public sealed record Run(Latencies Latencies, TimeSpan Elapsed, Latencies? Lag = null)
{
    public double Rate => Latencies.Count / Elapsed.TotalSeconds;
}
