using Hitl.Grains.Common;
using Hitl.Grains.Tenants;

namespace Hitl.Grains.Queues;

public sealed class QueueGrain(
    [PersistentState("queue", HitlStorage.Name)] IPersistentState<QueueState> state,
    TimeProvider time) : Grain, IQueueGrain
{
    private QueueState S => state.State;

    public async Task EnqueueAsync(WorkItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (S.Items.ContainsKey(item.Id))
        {
            return;
        }

        if (!S.Registered)
        {
            var (tenant, name) = GrainKeys.Split(this.GetPrimaryKeyString());
            await GrainFactory.GetGrain<ITenantGrain>(tenant).RegisterQueueAsync(name);
            S.Registered = true;
        }

        S.Items[item.Id] = item;
        S.Version++;
        await PersistAsync(() =>
        {
            S.Items.Remove(item.Id);
            S.Version--;
        });
    }

    public async Task<bool> RemoveAsync(string itemId)
    {
        if (!S.Items.Remove(itemId, out var removed))
        {
            return false;
        }

        S.Version++;
        await PersistAsync(() =>
        {
            S.Items[itemId] = removed;
            S.Version--;
        });
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

    private async Task PersistAsync(Action undo)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Not acknowledged: undo in memory, and reload from storage on the next activation.
            undo();
            DeactivateOnIdle();
            throw;
        }
    }
}
