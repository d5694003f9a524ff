namespace Hitl.Grains.Tests.Storage;

/// <summary>A minimal <see cref="IGrainState{T}"/> for driving a storage provider directly.</summary>
public sealed class TestGrainState<T> : IGrainState<T>
    where T : new()
{
    [System.Diagnostics.CodeAnalysis.AllowNull]
    public T State { get; set; } = new();

    public string? ETag { get; set; }

    public bool RecordExists { get; set; }
}
