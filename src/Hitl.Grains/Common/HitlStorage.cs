namespace Hitl.Grains.Common;

/// <summary>Names of the storage providers grains use.</summary>
public static class HitlStorage
{
    /// <summary>The durable grain storage every Hitl grain persists to (SQLite embedded, PostgreSQL in cluster mode).</summary>
    public const string Name = "hitl";
}
