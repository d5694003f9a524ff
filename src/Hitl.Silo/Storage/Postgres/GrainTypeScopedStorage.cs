using System.Data.Common;
using Hitl.Grains.Common;
using Hitl.Silo.Hosting;
using Orleans.Storage;

namespace Hitl.Silo.Storage.Postgres;

/// <summary>
/// The grain storage of cluster mode, around the Orleans AdoNet provider:
/// <list type="bullet">
/// <item>puts the grain's type into the state name the provider sees ("<c>grain type/state name</c>"). The
/// provider keys rows by the grain's key and the state name only, so without this two grain types with the
/// same key and state name would share (and overwrite) one row;</item>
/// <item>reports a database that cannot be reached as <see cref="HitlErrorCodes.Unavailable"/>, an error
/// that crosses to the caller intact (also when it happens while an activation loads its state), so
/// clients know to retry.</item>
/// </list>
/// </summary>
public sealed class GrainTypeScopedStorage(IGrainStorage inner) : IGrainStorage
{
    /// <summary>The state name the inner provider is given for a grain.</summary>
    public static string ScopedName(string stateName, GrainId grainId) => string.Concat(grainId.Type.ToString(), "/", stateName);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Translate(inner.ReadStateAsync(ScopedName(stateName, grainId), grainId, grainState));

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Translate(inner.WriteStateAsync(ScopedName(stateName, grainId), grainId, grainState));

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Translate(inner.ClearStateAsync(ScopedName(stateName, grainId), grainId, grainState));

    private static async Task Translate(Task operation)
    {
        try
        {
            await operation;
        }
        catch (Exception ex) when (ex is DbException || ex.InnerException is DbException)
        {
            throw HitlException.Unavailable(StorageFailureFilter.Message);
        }
    }
}
