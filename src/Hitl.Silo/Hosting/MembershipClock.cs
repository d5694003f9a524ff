using System.Diagnostics;

namespace Hitl.Silo.Hosting;

/// <summary>
/// Real time for Orleans' membership and watchdog loops (the <see cref="TimeProviderNames.Membership"/> clock), with
/// timestamps counted from when this clock was created instead of from when the machine booted.
/// </summary>
/// <remarks>
/// Orleans 10.4's <c>Watchdog.Start</c> starts its platform thread before it sets the component-check timestamp, so
/// the first platform tick can read that timestamp while it is still 0. With <see cref="Stopwatch"/> timestamps
/// (counted from boot) that reads as "Participant check thread has not completed for" the machine's uptime: a
/// warning and a ComponentHealthCheckStall health event on a fresh start, with nothing stalled. Membership and the
/// watchdog only ever subtract one of this clock's timestamps from another, so moving the origin changes nothing
/// else; an unset 0 then means "since the silo was built", well under the 2 x LocalHealthDegradationMonitoringPeriod
/// (20 s by default) the watchdog complains after. Wall-clock time and timers are the system's.
/// Membership also runs on real time when tests give grains a fake clock, as Orleans recommends.
/// </remarks>
public sealed class MembershipClock : TimeProvider
{
    private readonly long _origin = Stopwatch.GetTimestamp();

    public override long TimestampFrequency => Stopwatch.Frequency;

    public override long GetTimestamp() => Stopwatch.GetTimestamp() - _origin;
}
