// Typed operations of the conversation page (/conversations/:id): staff-only fields included.
import { graphql } from '../gql';

export const ConversationMessageFields = graphql(`
  fragment ConversationMessageFields on Message {
    id
    author
    authorId
    authorName
    text
    at
    confidence
    sources
    sentiment
  }
`);

export const ConversationStateFields = graphql(`
  fragment ConversationStateFields on Conversation {
    id
    status
    owner { kind agentId queue since }
    escalation {
      id
      queue
      priority
      at
      dueAt
      firstHumanResponseAt
      reasons { reason detail score }
    }
    escalations {
      id
      queue
      priority
      at
      dueAt
      firstHumanResponseAt
      reasons { reason detail score }
    }
    pendingDraft { id text confidence sources }
    version
    messageCount
    sentiment
    csat
    createdAt
    updatedAt
  }
`);

export const ConversationPageDocument = graphql(`
  query ConversationPage($id: ID!) {
    conversation(id: $id) {
      ...ConversationStateFields
      messages(last: 50) { ...ConversationMessageFields }
    }
  }
`);

export const ConversationOlderDocument = graphql(`
  query ConversationOlder($id: ID!, $before: ID!) {
    conversation(id: $id) {
      id
      messages(last: 50, before: $before) { ...ConversationMessageFields }
    }
  }
`);

export const ConversationArticlesDocument = graphql(`
  query ConversationArticles {
    articles { id title }
  }
`);

export const ConversationQueuesDocument = graphql(`
  query ConversationQueues {
    queues { name }
  }
`);

export const ConversationAgentsDocument = graphql(`
  query ConversationAgents {
    agents { id name }
  }
`);

export const ConversationChangedDocument = graphql(`
  subscription ConversationChanged($id: ID!) {
    conversationChanged(id: $id) {
      conversationId
      version
      kind
      message { ...ConversationMessageFields }
      conversation { ...ConversationStateFields }
    }
  }
`);

export const ConversationSendDocument = graphql(`
  mutation ConversationSend($input: SendMessageInput!) {
    sendMessage(input: $input) {
      message { ...ConversationMessageFields }
      reply { ...ConversationMessageFields }
      conversation { ...ConversationStateFields }
    }
  }
`);

export const ConversationTransferDocument = graphql(`
  mutation ConversationTransfer($input: TransferInput!) {
    transfer(input: $input) { ...ConversationStateFields }
  }
`);

export const ConversationHandBackDocument = graphql(`
  mutation ConversationHandBack($id: ID!) {
    handBack(conversationId: $id) { ...ConversationStateFields }
  }
`);

export const ConversationResolveDocument = graphql(`
  mutation ConversationResolve($id: ID!) {
    resolve(conversationId: $id) { ...ConversationStateFields }
  }
`);
