using Hitl.Grains.Common;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Hitl.Grains.Tests.Grains;

/// <summary>A grain's row in the silo's storage, read and changed behind the grain's back (as another activation would).</summary>
internal static class StoredState
{
    public static async Task<(T State, string? ETag)> ReadAsync<T>(ClusterFixture fixture, IAddressable grain, string stateName)
    {
        var stored = await ReadRowAsync<T>(fixture, grain, stateName);
        return (stored.State!, stored.ETag);
    }

    /// <summary>Reads the row, changes it and writes it back: the row's ETag moves on, so the grain's next write conflicts.</summary>
    public static async Task ChangeAsync<T>(ClusterFixture fixture, IAddressable grain, string stateName, Action<T> change)
    {
        var stored = await ReadRowAsync<T>(fixture, grain, stateName);
        change(stored.State!);
        await Storage(fixture).WriteStateAsync(stateName, grain.GetGrainId(), stored);
    }

    private static async Task<GrainState<T>> ReadRowAsync<T>(ClusterFixture fixture, IAddressable grain, string stateName)
    {
        var stored = new GrainState<T>();
        await Storage(fixture).ReadStateAsync(stateName, grain.GetGrainId(), stored);
        return stored;
    }

    private static IGrainStorage Storage(ClusterFixture fixture) =>
        fixture.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(HitlStorage.Name);
}
