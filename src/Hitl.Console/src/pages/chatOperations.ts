import { graphql } from '../gql';

// Customer operations. A CUSTOMER token may only read what a customer may see: messages
// (id author authorName text at), the conversation status and its rating (csat). Staff-only
// fields (confidence, sources, sentiment, authorId, pendingDraft, escalation(s), owner,
// provenance, grade) are FORBIDDEN for it; chatOperations.test.ts keeps them out of these documents.

export const StartConversationDocument = graphql(`
  mutation ChatStart($input: StartConversationInput!) {
    startConversation(input: $input) {
      token
      conversation { id status }
    }
  }
`);

export const ChatConversationDocument = graphql(`
  query ChatConversation($id: ID!) {
    conversation(id: $id) {
      id
      status
      csat
      messages(last: 50) { id author authorName text at }
    }
  }
`);

export const ChatSendDocument = graphql(`
  mutation ChatSend($input: SendMessageInput!) {
    sendMessage(input: $input) {
      message { id author authorName text at }
      reply { id author authorName text at }
      conversation { id status csat }
    }
  }
`);

export const ChatChangedDocument = graphql(`
  subscription ChatChanged($id: ID!) {
    conversationChanged(id: $id) {
      conversationId
      version
      kind
      message { id author authorName text at }
      conversation { id status csat }
    }
  }
`);

export const ChatRequestHumanDocument = graphql(`
  mutation ChatRequestHuman($id: ID!) {
    requestHuman(conversationId: $id) { id status csat }
  }
`);

export const ChatRateDocument = graphql(`
  mutation ChatRate($id: ID!, $score: Int!) {
    rateConversation(conversationId: $id, score: $score) { id status csat }
  }
`);

export const chatDocuments = [
  StartConversationDocument,
  ChatConversationDocument,
  ChatSendDocument,
  ChatChangedDocument,
  ChatRequestHumanDocument,
  ChatRateDocument,
];
