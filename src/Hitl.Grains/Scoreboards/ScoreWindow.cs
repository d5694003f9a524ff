namespace Hitl.Grains.Scoreboards;

/// <summary>
/// The window a scoreboard covers. Its cohort is the conversations <b>started</b> in the window,
/// so every rate on the board shares one denominator.
/// </summary>
[GenerateSerializer, Alias("hitl.ScoreWindow")]
public enum ScoreWindow
{
    /// <summary>Conversations started in the last 60 minutes (whole minutes, the current one included).</summary>
    Hour = 0,

    /// <summary>Conversations started in the last 24 hours (whole hours, the current one included).</summary>
    Day = 1,

    /// <summary>Conversations started in the last 168 hours (whole hours, the current one included).</summary>
    Week = 2,

    /// <summary>Every conversation ever started.</summary>
    All = 3,
}
