using Orleans.Storage;

namespace Hitl.Silo.Storage.Postgres;

/// <summary>
/// Puts the grain's type into the state name a storage provider sees, as "<c>grain type/state name</c>".
/// The Orleans AdoNet provider keys rows by the grain's key and the state name only, so without this
/// two grain types with the same key and state name would share (and overwrite) one row.
/// </summary>
public sealed class GrainTypeScopedStorage(IGrainStorage inner) : IGrainStorage
{
    /// <summary>The state name the inner provider is given for a grain.</summary>
    public static string ScopedName(string stateName, GrainId grainId) => string.Concat(grainId.Type.ToString(), "/", stateName);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(ScopedName(stateName, grainId), grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.WriteStateAsync(ScopedName(stateName, grainId), grainId, grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(ScopedName(stateName, grainId), grainId, grainState);
}
