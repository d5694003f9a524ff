using GraphQL;
using GraphQL.Types;
using Hitl.Api.Auth;
using Hitl.Api.GraphQL.Inputs;
using Hitl.Api.GraphQL.Types;
using Hitl.Grains.Common;
using Hitl.Grains.Conversations;
using Hitl.Grains.Tenants;

namespace Hitl.Api.GraphQL;

public sealed partial class HitlMutation
{
    /// <summary>Commands on one conversation.</summary>
    private void AddConversationsFields()
    {
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
        Field<NonNullGraphType<ConversationType>>("transfer")
            .Description("The owning agent or a manager moves the conversation to another queue or agent (MANUAL reason).")
            .Argument<NonNullGraphType<TransferInputType>>("input")
            .ResolveAsync(async context =>
            {
                var input = context.GetArgument<TransferInput>("input");
                var (caller, conversation) = Conversation(context, input.ConversationId);
                return await conversation.TransferAsync(caller, input.Queue, input.AgentId, input.Note);
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
    }
}
