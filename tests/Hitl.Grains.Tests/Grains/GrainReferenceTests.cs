using Hitl.Grains.Common;
using Hitl.Grains.Tenants;

namespace Hitl.Grains.Tests.Grains;

[Collection(ClusterCollection.Name)]
public sealed class GrainReferenceTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Reference_IsTheSameReferenceAsGetGrain_FirstTimeAndAfter()
    {
        var id = "t" + Guid.NewGuid().ToString("N")[..10];
        await fixture.Grains.GetGrain<ITenantGrain>(id).CreateAsync("Acme", ApiKeys.Hash("k1"));

        foreach (var key in new[] { id, id, "t" + Guid.NewGuid().ToString("N")[..10] })
        {
            var expected = (GrainReference)(object)fixture.Grains.GetGrain<ITenantGrain>(key);
            var reference = (GrainReference)(object)fixture.Grains.Reference<ITenantGrain>(key);
            Assert.Equal(expected.GrainId, reference.GrainId);
            Assert.Equal(expected.InterfaceType, reference.InterfaceType);
            Assert.Equal(expected, reference);
        }

        // Calls through it reach the grain that GetGrain reaches.
        Assert.Equal("Acme", (await fixture.Grains.Reference<ITenantGrain>(id).GetAsync())!.Name);
    }

    [Fact]
    public void Reference_RefusesAnEmptyKey_LikeGetGrain()
    {
        Assert.ThrowsAny<ArgumentException>(() => fixture.Grains.Reference<ITenantGrain>(" "));
    }
}
