namespace Hitl.Api.Live;

/// <summary>What <see cref="NoticeReorderBuffer{T}.Receive"/> asks of the buffer's owner.</summary>
internal enum ReorderOutcome
{
    /// <summary>Nothing: the notice was delivered, dropped, or held behind a gap already being closed.</summary>
    InOrder,

    /// <summary>A notice is held for a predecessor that has not come: close the gap (wait a while, catch up, skip it).</summary>
    GapOpened,

    /// <summary>Too many notices were held: they were dropped; catch watchers up now.</summary>
    Overflowed,
}
