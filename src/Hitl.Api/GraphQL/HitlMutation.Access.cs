using GraphQL;
using GraphQL.Types;
using Hitl.Api.Auth;
using Hitl.Api.GraphQL.Inputs;
using Hitl.Api.GraphQL.Types;
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
                    throw HitlException.BadInput("subject must be 1-128 letters, digits, '-', '_', '.' or '@'.");
                }

                var (token, expiresAt) = context.Service<TokenService>().Issue(input.Tenant, input.Role, input.Subject);
                return new AccessTokenResult(token, input.Role, input.Subject, input.Tenant, expiresAt);
            });
    }
}
