namespace Hitl.Api.Tests.Cluster;

/// <summary>The tests that share one <see cref="LocalClusterFixture"/> (they run one after another; each leaves both silos running).</summary>
[CollectionDefinition(Name)]
public sealed class LocalClusterCollection : ICollectionFixture<LocalClusterFixture>
{
    public const string Name = "local-cluster";
}
