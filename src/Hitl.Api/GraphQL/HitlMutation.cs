using GraphQL;
using GraphQL.Types;
using Hitl.Api.Auth;
using Hitl.Api.GraphQL.Inputs;
using Hitl.Api.GraphQL.Types;
using Hitl.Grains.Agents;
using Hitl.Grains.Common;
using Hitl.Grains.Conversations;
using Hitl.Grains.Knowledge;
using Hitl.Grains.Queues;
using Hitl.Grains.Tenants;
using ArticleChange = Hitl.Grains.Knowledge.ArticleInput;
using ArticleInput = Hitl.Api.GraphQL.Inputs.ArticleInput;

namespace Hitl.Api.GraphQL;

/// <summary>Root mutation: thin resolvers that check the caller and send one command to a grain.</summary>
public sealed class HitlMutation : ObjectGraphType
{
    public HitlMutation()
    {
        Name = "Mutation";

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

        Field<NonNullGraphType<StartConversationPayloadType>>("startConversation")
            .Description("Public: a chat widget calls it with no token.")
            .Argument<NonNullGraphType<StartConversationInputType>>("input")
            .ResolveAsync(async context =>
            {
                var input = context.GetArgument<StartConversationInput>("input");
                var grains = context.Grains();
                if (!TenantRules.IsTenantId(input.Tenant) || await grains.GetGrain<ITenantGrain>(input.Tenant).GetAsync() is null)
                {
                    throw HitlException.NotFound($"Tenant '{input.Tenant}' does not exist.");
                }

                var id = Ids.New("c_");
                var conversation = await grains
                    .Reference<IConversationGrain>(GrainKeys.Scoped(input.Tenant, id))
                    .StartAsync(input.CustomerName, input.Text);
                var (token, _) = context.Service<TokenService>().Issue(input.Tenant, CallerRole.Customer, id, id);
                return new StartConversationResult(conversation, token);
            });

        Field<NonNullGraphType<SendMessagePayloadType>>("sendMessage")
            .Description("CUSTOMER, or the AGENT that owns the conversation; the author comes from the token.")
            .Argument<NonNullGraphType<SendMessageInputType>>("input")
            .ResolveAsync(async context =>
            {
                var input = context.GetArgument<SendMessageInput>("input");
                var (caller, conversation) = Conversation(context, input.ConversationId);
                MessageRules.Validate(input.Text, input.ClientMessageId);
                return await conversation.PostMessageAsync(new PostMessage(caller, input.Text, input.ClientMessageId));
            });

        Field<NonNullGraphType<ConversationType>>("requestHuman")
            .Argument<NonNullGraphType<IdGraphType>>("conversationId")
            .ResolveAsync(async context =>
            {
                var (caller, conversation) = Conversation(context, context.GetArgument<string>("conversationId"));
                return await conversation.RequestHumanAsync(caller);
            });

        Field<NonNullGraphType<ConversationType>>("resolve")
            .Argument<NonNullGraphType<IdGraphType>>("conversationId")
            .ResolveAsync(async context =>
            {
                var (caller, conversation) = Conversation(context, context.GetArgument<string>("conversationId"));
                return await conversation.ResolveAsync(caller);
            });

        Field<NonNullGraphType<AgentType>>("setPresence")
            .Description("The calling agent's presence, and optionally its capacity and queues.")
            .Argument<NonNullGraphType<SetPresenceInputType>>("input")
            .ResolveAsync(async context =>
            {
                var principal = context.RequireRole(CallerRole.Agent, CallerRole.Manager, CallerRole.Admin);
                var input = context.GetArgument<SetPresenceInput>("input");
                return await context.Grains().GetGrain<IAgentGrain>(GrainKeys.Scoped(principal.Tenant, principal.Subject))
                    .SetPresenceAsync(input.Presence, input.Capacity, input.Queues);
            });

        Field<NonNullGraphType<ConversationType>>("transfer")
            .Description("The owning agent or a manager moves the conversation to another queue or agent (MANUAL reason).")
            .Argument<NonNullGraphType<TransferInputType>>("input")
            .ResolveAsync(async context =>
            {
                var input = context.GetArgument<TransferInput>("input");
                var (caller, conversation) = Conversation(context, input.ConversationId);
                return await conversation.TransferAsync(caller, input.Queue, input.AgentId, input.Note);
            });

        Field<NonNullGraphType<WorkItemType>>("reviewDraft")
            .Description("APPROVE sends the draft, EDIT sends the reviewer's text, REJECT escalates with DRAFT_REJECTED. The reviewer holds the item (claim/acceptNext on the review queue), or is a manager.")
            .Argument<NonNullGraphType<ReviewDraftInputType>>("input")
            .ResolveAsync(async context =>
            {
                var principal = context.RequireRole(CallerRole.Agent, CallerRole.Manager, CallerRole.Admin);
                var input = context.GetArgument<ReviewDraftInput>("input");
                var (queue, itemId) = WorkItemIds.Parse(input.WorkItemId);
                var grains = context.Grains();
                var reviewer = grains.GetGrain<IAgentGrain>(GrainKeys.Scoped(principal.Tenant, principal.Subject));
                var held = (await reviewer.GetAsync()).Assignments.FirstOrDefault(a => a.Id == itemId);
                var item = held ?? (await grains.GetGrain<IQueueGrain>(GrainKeys.Scoped(principal.Tenant, queue)).GetAsync(QueueType.MaxFirst)).Items.FirstOrDefault(i => i.Id == itemId)
                    ?? throw HitlException.Conflict($"Work item '{input.WorkItemId}' is not waiting for review: it was reviewed already, or someone else holds it.");
                if (held is null && principal.Role == CallerRole.Agent)
                {
                    throw HitlException.Forbidden("Claim the review item before reviewing it.");
                }

                if (item.Kind != WorkKind.DraftReview)
                {
                    throw HitlException.BadInput("That work item is not a draft review.");
                }

                try
                {
                    await grains.Reference<IConversationGrain>(GrainKeys.Scoped(principal.Tenant, item.ConversationId))
                        .ReviewDraftAsync(itemId, input.Decision, input.Text, principal.Subject);
                }
                catch (HitlException ex) when (ex.Code == HitlErrorCodes.Conflict)
                {
                    // The draft was reviewed already or replaced by a newer answer: the item is done either way.
                    await FinishReviewItemAsync();
                    throw;
                }

                await FinishReviewItemAsync();
                return item with { AssignedTo = principal.Subject };

                async Task FinishReviewItemAsync()
                {
                    if (held is not null)
                    {
                        await reviewer.ReleaseAsync(itemId);
                    }

                    await grains.GetGrain<IQueueGrain>(GrainKeys.Scoped(principal.Tenant, queue)).RemoveAsync(itemId);
                }
            });

        Field<NonNullGraphType<ConversationType>>("handBack")
            .Description("Give the conversation back to the bot.")
            .Argument<NonNullGraphType<IdGraphType>>("conversationId")
            .ResolveAsync(async context =>
            {
                var (caller, conversation) = Conversation(context, context.GetArgument<string>("conversationId"));
                return await conversation.HandBackAsync(caller);
            });

        Field<NonNullGraphType<ConversationType>>("rateConversation")
            .Description("CSAT 1..5, by the customer, once the conversation is resolved.")
            .Argument<NonNullGraphType<IdGraphType>>("conversationId")
            .Argument<NonNullGraphType<IntGraphType>>("score")
            .ResolveAsync(async context =>
            {
                var (caller, conversation) = Conversation(context, context.GetArgument<string>("conversationId"));
                return await conversation.RateAsync(caller, context.GetArgument<int>("score"));
            });

        Field<WorkItemType>("acceptNext")
            .Description("Pull mode: the most urgent, then oldest, waiting item of the queue (all the caller's queues when null); null when nothing waits or the caller is at capacity.")
            .Argument<StringGraphType>("queue")
            .ResolveAsync(async context =>
            {
                var principal = context.RequireRole(CallerRole.Agent, CallerRole.Manager, CallerRole.Admin);
                var grains = context.Grains();
                var queue = context.GetArgument<string?>("queue");
                IReadOnlyList<string> names;
                if (queue is null)
                {
                    names = await QueueAccess.ServedQueuesAsync(grains, principal);
                }
                else
                {
                    await QueueAccess.EnsureCanSeeAsync(grains, principal, queue);
                    names = [queue];
                }

                // Most urgent, then oldest, across the queues: try them in the order of their heads.
                var heads = await Task.WhenAll(names.Select(n => grains.GetGrain<IQueueGrain>(GrainKeys.Scoped(principal.Tenant, n)).GetAsync(1)));
                foreach (var head in heads.Where(h => h.Items.Count > 0).OrderBy(h => h.Items[0], QueueOrdering.Instance))
                {
                    var item = await grains.GetGrain<IQueueGrain>(GrainKeys.Scoped(principal.Tenant, head.Name)).AssignAsync(principal.Subject, null);
                    if (item is not null)
                    {
                        return item;
                    }
                }

                return null;
            });

        Field<NonNullGraphType<WorkItemType>>("claim")
            .Argument<NonNullGraphType<IdGraphType>>("workItemId")
            .ResolveAsync(async context =>
            {
                var principal = context.RequireRole(CallerRole.Agent, CallerRole.Manager, CallerRole.Admin);
                var (queue, item) = WorkItemIds.Parse(context.GetArgument<string>("workItemId"));
                await QueueAccess.EnsureCanSeeAsync(context.Grains(), principal, queue);
                return await context.Grains().GetGrain<IQueueGrain>(GrainKeys.Scoped(principal.Tenant, queue)).AssignAsync(principal.Subject, item);
            });

        Field<NonNullGraphType<ArticleType>>("upsertArticle")
            .Argument<NonNullGraphType<ArticleInputType>>("input")
            .ResolveAsync(async context =>
            {
                var principal = context.RequireManager();
                var input = context.GetArgument<ArticleInput>("input");
                return await context.Grains().GetGrain<IKnowledgeBaseGrain>(principal.Tenant)
                    .UpsertArticleAsync(new ArticleChange(input.Id, input.Title, input.Body, input.Questions ?? []));
            });

        Field<NonNullGraphType<BooleanGraphType>>("deleteArticle")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async context =>
            {
                var principal = context.RequireManager();
                var id = context.GetArgument<string>("id");
                return await context.Grains().GetGrain<IKnowledgeBaseGrain>(principal.Tenant).DeleteArticleAsync(id);
            });

        Field<NonNullGraphType<PolicyType>>("updatePolicy")
            .Argument<NonNullGraphType<PolicyInputType>>("input")
            .ResolveAsync(async context =>
            {
                var principal = context.RequireManager();
                var input = context.GetArgument<PolicyInput>("input");
                return await context.Grains().GetGrain<ITenantGrain>(principal.Tenant).UpdatePolicyAsync(input.ToPatch());
            });
    }

    /// <summary>
    /// The caller and the conversation a command names, in the caller's tenant; a customer's token reaches only its
    /// own conversation. Who may do what to it is the conversation's own rule (<see cref="Grains.Conversations.Conversation"/>).
    /// </summary>
    private static (Caller Caller, IConversationGrain Conversation) Conversation(IResolveFieldContext context, string id)
    {
        var principal = context.Principal();
        ConversationAccess.EnsureCustomerScope(principal, id);
        return (principal.Caller, context.Grains().Reference<IConversationGrain>(GrainKeys.Scoped(principal.Tenant, id)));
    }
}
