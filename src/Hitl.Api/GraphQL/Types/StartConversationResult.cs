using Hitl.Grains.Conversations;

namespace Hitl.Api.GraphQL.Types;

public sealed record StartConversationResult(ConversationView Conversation, string Token);
