namespace Hitl.Grains.Access;

[GenerateSerializer, Alias("hitl.TokenRevocationState")]
public sealed class TokenRevocationState
{
    /// <summary>Per subject, tokens issued before this time are refused.</summary>
    [Id(0)] public Dictionary<string, DateTimeOffset> Cutoffs { get; set; } = new(StringComparer.Ordinal);
}
