using Hitl.Grains.Common;

namespace Hitl.Grains.Queues;

public sealed class QueueGrain(
    [PersistentState("queue", HitlStorage.Name)] IPersistentState<QueueState> state,
    TimeProvider time) : Grain, IQueueGrain
{
    private QueueState S => state.State;

    public async Task EnqueueAsync(WorkItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (!S.Items.TryAdd(item.Id, item))
        {
            return;
        }

        S.Version++;
        await PersistAsync();
    }

    public async Task<bool> RemoveAsync(string itemId)
    {
        if (!S.Items.Remove(itemId))
        {
            return false;
        }

        S.Version++;
        await PersistAsync();
        return true;
    }

    public Task<QueueView> GetAsync(int first)
    {
        var ordered = S.Items.Values.Order(QueueOrdering.Instance).ToList();
        double? oldest = ordered.Count == 0 ? null : (time.GetUtcNow() - ordered.Min(i => i.EnqueuedAt)).TotalSeconds;
        var view = new QueueView(
            GrainKeys.Split(this.GetPrimaryKeyString()).Id,
            ordered.Count,
            oldest is { } seconds ? Math.Max(0, seconds) : null,
            [.. ordered.Take(Math.Max(0, first))],
            S.Version);
        return Task.FromResult(view);
    }

    private async Task PersistAsync()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // The in-memory change may not be stored: reload from storage on the next call.
            DeactivateOnIdle();
            throw;
        }
    }
}
