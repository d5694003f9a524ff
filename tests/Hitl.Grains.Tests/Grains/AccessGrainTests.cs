using Hitl.Grains.Access;
using Hitl.Grains.Common;
using Hitl.Grains.Tenants;

namespace Hitl.Grains.Tests.Grains;

/// <summary>Token revocations, invites and API key rotation at the grain level, on the fixture's fake clock.</summary>
[Collection(ClusterCollection.Name)]
public sealed class AccessGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Revoke_CutsOffTokensIssuedBeforeNow_Only_AndIsDurable()
    {
        var tenant = "t" + Guid.NewGuid().ToString("N")[..10];
        var grain = fixture.Grains.GetGrain<ITokenRevocationGrain>(tenant);
        Assert.Empty((await grain.GetAsync()).Cutoffs);

        var now = fixture.Time.GetUtcNow();
        Assert.Equal(1, await grain.RevokeAsync("ana"));
        Assert.Equal(0, await grain.RevokeAsync("ana"));

        var list = await grain.GetAsync();
        Assert.True(list.IsRevoked("ana", now - TimeSpan.FromMilliseconds(1)));
        Assert.False(list.IsRevoked("ana", now));
        Assert.False(list.IsRevoked("bob", now - TimeSpan.FromDays(1)));

        // A later revocation moves the cut-off forward.
        fixture.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await grain.RevokeAsync("ana"));
        Assert.True((await grain.GetAsync()).IsRevoked("ana", now + TimeSpan.FromSeconds(30)));

        // Another tenant's list is its own.
        Assert.Empty((await fixture.Grains.GetGrain<ITokenRevocationGrain>(tenant + "x").GetAsync()).Cutoffs);

        // Stored, not only in memory.
        var (stored, _) = await StoredState.ReadAsync<TokenRevocationState>(fixture, grain, "token-revocations");
        Assert.Equal(now + TimeSpan.FromMinutes(1), stored.Cutoffs["ana"]);
    }

    [Fact]
    public async Task Invite_IsRedeemedOnce_AndAnExpiredOneIsRefused()
    {
        var grant = new InviteGrant("acme", CallerRole.Agent, "ana", "Ana", fixture.Time.GetUtcNow() + TimeSpan.FromHours(1));
        var invite = fixture.Grains.GetGrain<IInviteGrain>(ApiKeys.Hash(Guid.NewGuid().ToString("N")));
        await invite.CreateAsync(grant);
        Assert.Equal(HitlErrorCodes.Conflict, (await Assert.ThrowsAsync<HitlException>(() => invite.CreateAsync(grant with { Role = CallerRole.Admin }))).Code);

        Assert.Equal(grant, await invite.RedeemAsync());
        Assert.Null(await invite.RedeemAsync());

        // Redeemed, the invite leaves storage: nothing of it is kept.
        var (stored, _) = await StoredState.ReadAsync<InviteState>(fixture, invite, "invite");
        Assert.Null(stored?.Grant);

        var expiring = fixture.Grains.GetGrain<IInviteGrain>(ApiKeys.Hash(Guid.NewGuid().ToString("N")));
        await expiring.CreateAsync(grant with { ExpiresAt = fixture.Time.GetUtcNow() + TimeSpan.FromMinutes(5) });
        fixture.Time.Advance(TimeSpan.FromMinutes(6));
        Assert.Null(await expiring.RedeemAsync());
        Assert.Null(await fixture.Grains.GetGrain<IInviteGrain>(ApiKeys.Hash("never-created")).RedeemAsync());
    }

    [Fact]
    public async Task RotateApiKey_ReplacesTheHash_AndAnUnknownTenantIsNotFound()
    {
        var id = "t" + Guid.NewGuid().ToString("N")[..10];
        var tenant = fixture.Grains.GetGrain<ITenantGrain>(id);
        await tenant.CreateAsync("Acme", ApiKeys.Hash("k1"));

        Assert.Equal(id, (await tenant.RotateApiKeyAsync(ApiKeys.Hash("k2"))).Id);
        Assert.False(await tenant.VerifyApiKeyAsync(ApiKeys.Hash("k1")));
        Assert.True(await tenant.VerifyApiKeyAsync(ApiKeys.Hash("k2")));

        var unknown = fixture.Grains.GetGrain<ITenantGrain>("never-created-" + Guid.NewGuid().ToString("N")[..6]);
        Assert.Equal(HitlErrorCodes.NotFound, (await Assert.ThrowsAsync<HitlException>(() => unknown.RotateApiKeyAsync(ApiKeys.Hash("k3")))).Code);
        Assert.Null(await unknown.GetAsync());
    }
}
