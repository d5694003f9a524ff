using Hitl.Grains.Common;
using Microsoft.Extensions.Logging;

namespace Hitl.Grains.Access;

public sealed class InviteGrain(
    [PersistentState("invite", HitlStorage.Name)] IPersistentState<InviteState> state,
    TimeProvider time,
    ILogger<InviteGrain> logger) : Grain, IInviteGrain
{
    public async Task CreateAsync(InviteGrant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        if (state.State.Grant is not null)
        {
            throw HitlException.Conflict("This invite exists already.");
        }

        state.State.Grant = grant;
        try
        {
            await state.WriteOrResetAsync(this, logger);
        }
        catch (HitlException)
        {
            state.State.Grant = null;
            throw;
        }
    }

    public async Task<InviteGrant?> RedeemAsync()
    {
        var grant = state.State.Grant;
        if (grant is null)
        {
            return null;
        }

        // Used or expired, the invite is gone: clearing deletes the stored row, so redeemed invites take no space.
        try
        {
            await state.ClearStateAsync();
        }
        catch (Exception ex)
        {
            StateWrites.Reset(this, logger, ex);
            throw HitlException.Unavailable(StateWrites.Message);
        }

        return grant.ExpiresAt > time.GetUtcNow() ? grant : null;
    }
}
