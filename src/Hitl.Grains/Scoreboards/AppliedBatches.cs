namespace Hitl.Grains.Scoreboards;

/// <summary>
/// The ids of the batches a board applied most recently, oldest first, so that a batch sent again (its apply
/// call timed out after the board stored it) is recognised and counted once. Stored with the board, so a retry
/// after a restart is recognised too. Bounded: it keeps at least <see cref="Capacity"/> ids and trims the oldest
/// in bulk, never one at a time from the front.
/// </summary>
[GenerateSerializer, Alias("hitl.AppliedBatches")]
public sealed class AppliedBatches
{
    /// <summary>
    /// How many ids are remembered at least: a pre-aggregator retries within a minute or so (the call timeout plus
    /// a flush period), and each silo sends about one batch a second, so this covers several silos' retries.
    /// </summary>
    public const int Capacity = 1024;

    [NonSerialized]
    private HashSet<string>? _lookup;

    /// <summary>Oldest first; between <see cref="Capacity"/> and twice that many once full.</summary>
    [Id(0)]
    private List<string> Ids { get; set; } = [];

    public int Count => Ids.Count;

    public bool Contains(string batchId) => Lookup().Contains(batchId);

    /// <summary>Remembers <paramref name="batchId"/>; false when it was remembered already.</summary>
    public bool Add(string batchId)
    {
        if (!Lookup().Add(batchId))
        {
            return false;
        }

        Ids.Add(batchId);
        if (Ids.Count >= 2 * Capacity)
        {
            var excess = Ids.Count - Capacity;
            foreach (var old in Ids.Take(excess))
            {
                _lookup!.Remove(old);
            }

            Ids.RemoveRange(0, excess);
        }

        return true;
    }

    private HashSet<string> Lookup() => _lookup ??= new(Ids, StringComparer.Ordinal);
}
