using GraphQL;
using GraphQL.Types;
using Hitl.Api.Auth;
using Hitl.Api.GraphQL.Inputs;
using Hitl.Api.GraphQL.Types;
using Hitl.Grains.Access;
using Hitl.Grains.Agents;
using Hitl.Grains.Common;
using Hitl.Grains.Tenants;

namespace Hitl.Api.GraphQL;

public sealed partial class HitlMutation
{
    /// <summary>Tenants, tokens and keys.</summary>
    private void AddAccessFields()
    {
        Field<NonNullGraphType<TenantType>>("createTenant")
            .Argument<NonNullGraphType<CreateTenantInputType>>("input")
            .ResolveAsync(async context =>
            {
                var input = context.GetArgument<CreateTenantInput>("input");
                if (!context.Service<OperatorKey>().Matches(input.OperatorKey))
                {
                    throw new HitlException(HitlErrorCodes.Unauthenticated, "The operator key is not valid.");
                }

                if (!TenantRules.IsTenantId(input.Id))
                {
                    throw HitlException.BadInput("Tenant id must be 2-63 lowercase letters, digits or '-'.");
                }

                var name = input.Name.Trim();
                if (name.Length is 0 or > TenantRules.MaxName)
                {
                    throw HitlException.BadInput($"Tenant name must be 1-{TenantRules.MaxName} characters.");
                }

                var apiKey = ApiKeys.Generate();
                var tenant = await context.Grains().GetGrain<ITenantGrain>(input.Id).CreateAsync(name, ApiKeys.Hash(apiKey));
                return new TenantResult(tenant.Id, tenant.Name, apiKey);
            });
        Field<NonNullGraphType<AccessTokenType>>("createAccessToken")
            .Argument<NonNullGraphType<CreateAccessTokenInputType>>("input")
            .ResolveAsync(async context =>
            {
                var input = context.GetArgument<CreateAccessTokenInput>("input");
                var valid = TenantRules.IsTenantId(input.Tenant)
                    && await context.Grains().GetGrain<ITenantGrain>(input.Tenant).VerifyApiKeyAsync(ApiKeys.Hash(input.ApiKey));
                if (!valid)
                {
                    // Same answer for an unknown tenant and a wrong key: nothing to enumerate.
                    throw new HitlException(HitlErrorCodes.Unauthenticated, "The tenant or its API key is not valid.");
                }

                if (input.Role == CallerRole.Customer)
                {
                    throw HitlException.BadInput("CUSTOMER tokens come from startConversation.");
                }

                if (!TenantRules.IsSubject(input.Subject))
                {
                    throw HitlException.BadInput(SubjectRule);
                }

                var (token, expiresAt) = context.Service<TokenService>().Issue(input.Tenant, input.Role, input.Subject);
                return new AccessTokenResult(token, input.Role, input.Subject, input.Tenant, expiresAt);
            });
        AddTokenLifecycleFields();
    }

    /// <summary>Revocation, refresh, API key rotation and invites.</summary>
    private void AddTokenLifecycleFields()
    {
        Field<NonNullGraphType<IntGraphType>>("revokeTokens")
            .Description("ADMIN: every token issued to this subject so far stops working; returns how many subjects were affected (0 or 1).")
            .Argument<NonNullGraphType<StringGraphType>>("subject")
            .ResolveAsync(async context =>
            {
                var principal = context.RequireRole(CallerRole.Admin);
                var subject = context.GetArgument<string>("subject");
                if (!TenantRules.IsSubject(subject))
                {
                    throw HitlException.BadInput(SubjectRule);
                }

                return await context.Service<TokenRevocationCache>().RevokeAsync(principal.Tenant, subject);
            });
        Field<NonNullGraphType<TenantType>>("rotateApiKey")
            .Description("ADMIN: a new API key (returned once in Tenant.apiKey); the old one stops working.")
            .ResolveAsync(async context =>
            {
                var principal = context.RequireRole(CallerRole.Admin);
                var apiKey = ApiKeys.Generate();
                var tenant = await context.Grains().GetGrain<ITenantGrain>(principal.Tenant).RotateApiKeyAsync(ApiKeys.Hash(apiKey));
                return new TenantResult(tenant.Id, tenant.Name, apiKey);
            });
        Field<NonNullGraphType<InviteType>>("createInvite")
            .Description("ADMIN: a one-time console sign-in link.")
            .Argument<NonNullGraphType<InviteInputType>>("input")
            .ResolveAsync(async context =>
            {
                var principal = context.RequireRole(CallerRole.Admin);
                var input = context.GetArgument<InviteInput>("input");
                if (input.Role == CallerRole.Customer)
                {
                    throw HitlException.BadInput("Invites are for staff: CUSTOMER tokens come from startConversation.");
                }

                if (!TenantRules.IsSubject(input.Subject))
                {
                    throw HitlException.BadInput(SubjectRule);
                }

                var name = input.Name?.Trim();
                if (name is not null && name.Length is 0 or > TenantRules.MaxName)
                {
                    throw HitlException.BadInput($"name must be 1-{TenantRules.MaxName} characters.");
                }

                return await context.Service<InviteIssuer>().IssueAsync(principal.Tenant, input.Role, input.Subject, name);
            });
        Field<NonNullGraphType<AccessTokenType>>("redeemInvite")
            .Description("Public: exchange an invite's one-time code for a token.")
            .Argument<NonNullGraphType<StringGraphType>>("code")
            .ResolveAsync(async context =>
            {
                var code = context.GetArgument<string>("code");
                var grant = code is { Length: > 0 and <= MaxInviteCode }
                    ? await context.Grains().GetGrain<IInviteGrain>(ApiKeys.Hash(code)).RedeemAsync()
                    : null;
                if (grant is null)
                {
                    // One answer for unknown, used and expired codes.
                    throw new HitlException(HitlErrorCodes.Unauthenticated, "The invite is not valid: it may have been used or expired.");
                }

                if (grant.Role is CallerRole.Agent or CallerRole.Manager)
                {
                    // Listed among the tenant's agents from the first sign-in, so a manager can grant queues at once.
                    await context.Grains().GetGrain<IAgentGrain>(GrainKeys.Scoped(grant.Tenant, grant.Subject)).IntroduceAsync(grant.Name);
                }

                var (token, expiresAt) = context.Service<TokenService>().Issue(grant.Tenant, grant.Role, grant.Subject, name: grant.Name);
                return new AccessTokenResult(token, grant.Role, grant.Subject, grant.Tenant, expiresAt);
            });
        Field<NonNullGraphType<AccessTokenType>>("refreshToken")
            .Description("Any staff token: a fresh token for the same subject and role before this one expires.")
            .Resolve(context =>
            {
                var principal = context.RequireRole(CallerRole.Agent, CallerRole.Manager, CallerRole.Admin);
                var (token, expiresAt) = context.Service<TokenService>().Issue(principal.Tenant, principal.Role, principal.Subject, name: principal.Name);
                return new AccessTokenResult(token, principal.Role, principal.Subject, principal.Tenant, expiresAt);
            });
    }

    private const string SubjectRule = "subject must be 1-128 letters, digits, '-', '_', '.' or '@'.";

    /// <summary>Invite codes are 43 characters; anything much longer is not one (and is not hashed).</summary>
    private const int MaxInviteCode = 128;
}
