using Hitl.Api.Live;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Hitl.Api.Tests.Live;

/// <summary>
/// A renewal sent to a silo that just died can stay unanswered until Orleans' response timeout (30 s). The hub gives
/// such a renewal up, so one unreachable grain never holds up the renewals of the others or the next round.
/// </summary>
[Collection(LiveCollection.Name)]
public sealed class LiveHubRenewalTests(LiveFixture live)
{
    [Fact]
    public async Task A_renewal_that_is_never_answered_does_not_hold_up_the_renewals_of_other_grains()
    {
        var options = new LiveOptions
        {
            ResubscribeInterval = TimeSpan.FromMilliseconds(100),
            RenewalTimeout = TimeSpan.FromMilliseconds(200),
        };
        using var hub = new LiveHub(live.Server.Grains, Options.Create(options), NullLogger<LiveHub>.Instance);
        await hub.StartAsync(CancellationToken.None);
        try
        {
            // One grain answers its first subscription and then never again (its silo died); the other keeps answering.
            var unanswered = new TaskCompletionSource<(long, IReadOnlyList<string>)>(TaskCreationOptions.RunContinuationsAsynchronously);
            var hungCalls = 0;
            var answered = 0;
            var renewedAfterTheHang = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var hung = await hub.JoinAsync(new LiveSource<string>(
                "test|hung",
                (_, _) => Interlocked.Increment(ref hungCalls) == 1 ? Task.FromResult<(long, IReadOnlyList<string>)>((0, [])) : unanswered.Task,
                _ => Task.CompletedTask));
            using var fine = await hub.JoinAsync(new LiveSource<string>(
                "test|fine",
                (_, _) =>
                {
                    // Several renewals of this grain after the other one stopped answering: rounds go on.
                    if (Interlocked.Increment(ref answered) >= 4 && Volatile.Read(ref hungCalls) >= 3)
                    {
                        renewedAfterTheHang.TrySetResult();
                    }

                    return Task.FromResult<(long, IReadOnlyList<string>)>((0, []));
                },
                _ => Task.CompletedTask));

            await renewedAfterTheHang.Task.WaitAsync(TimeSpan.FromSeconds(20));

            // The unanswered grain is tried again in later rounds too (each try given up on its own).
            Assert.True(Volatile.Read(ref hungCalls) >= 3);
        }
        finally
        {
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await hub.StopAsync(stopping.Token);
        }
    }
}
