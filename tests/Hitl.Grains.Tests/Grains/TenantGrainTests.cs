using Hitl.Grains.Common;
using Hitl.Grains.Tenants;

namespace Hitl.Grains.Tests.Grains;

[Collection(ClusterCollection.Name)]
public sealed class TenantGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Create_Twice_Conflicts_AndKeepsTheFirstKey()
    {
        var id = "t" + Guid.NewGuid().ToString("N")[..10];
        var tenant = fixture.Grains.GetGrain<ITenantGrain>(id);
        var created = await tenant.CreateAsync("Acme", ApiKeys.Hash("k1"));
        Assert.Equal(id, created.Id);

        var error = await Assert.ThrowsAsync<HitlException>(() => tenant.CreateAsync("Other", ApiKeys.Hash("k2")));
        Assert.Equal(HitlErrorCodes.Conflict, error.Code);
        Assert.True(await tenant.VerifyApiKeyAsync(ApiKeys.Hash("k1")));
        Assert.False(await tenant.VerifyApiKeyAsync(ApiKeys.Hash("k2")));
        Assert.Equal("Acme", (await tenant.GetAsync())!.Name);
    }

    [Fact]
    public async Task UnknownTenant_HasNoKey_AndNoPolicy()
    {
        var tenant = fixture.Grains.GetGrain<ITenantGrain>("never-created");
        Assert.Null(await tenant.GetAsync());
        Assert.False(await tenant.VerifyApiKeyAsync(ApiKeys.Hash("anything")));
        Assert.Equal(HitlErrorCodes.NotFound, (await Assert.ThrowsAsync<HitlException>(() => tenant.GetPolicyAsync())).Code);
    }

    [Fact]
    public async Task UpdatePolicy_Valid_IsVersionedAndDurable_InvalidChangesNothing()
    {
        var id = await TestTenants.CreateAsync(fixture.Grains, withArticles: false);
        var tenant = fixture.Grains.GetGrain<ITenantGrain>(id);
        var v1 = await tenant.GetPolicyAsync();

        var v2 = await tenant.UpdatePolicyAsync(new PolicyPatch { SlaSeconds = 60 });
        Assert.Equal(v1.Version + 1, v2.Version);

        await Assert.ThrowsAsync<HitlException>(() => tenant.UpdatePolicyAsync(new PolicyPatch { MinConfidence = 2 }));
        await fixture.Cluster.DeactivateAsync(tenant);
        var stored = await tenant.GetPolicyAsync();
        Assert.Equal(v2.Version, stored.Version);
        Assert.Equal(60, stored.SlaSeconds);
    }
}
