// Pure logic of the customer chat page: message merging, the conversation state reducer,
// customer-facing wording and error text. No React here; ChatLogic.test.ts covers it.

import type { CombinedError } from 'urql';
import { mergeById, oldestFirst } from '../messages';

export interface ChatMessage {
  id: string;
  author: string;
  authorName?: string | null;
  text: string;
  at: string;
}

/** Adds messages by id (a message seen twice is kept once), oldest first. */
export const mergeMessages: (
  into: Record<string, ChatMessage>,
  messages: readonly (ChatMessage | null | undefined)[],
) => Record<string, ChatMessage> = mergeById;

export const sortedMessages: (byId: Record<string, ChatMessage>) => ChatMessage[] = oldestFirst;

/** What the customer's page knows about the conversation. */
export interface ChatState {
  byId: Record<string, ChatMessage>;
  status?: string;
  csat?: number | null;
  /** Newest conversationChanged version applied (0: none yet). */
  version: number;
}

export const initialChatState: ChatState = { byId: {}, version: 0 };

interface ConversationPart {
  status: string;
  csat?: number | null;
}

export type ChatAction =
  /**
   * A query answered (initial load or re-query after a reconnect). Its status applies only while no
   * event has arrived: once subscribed, events (SNAPSHOT first) are the newer truth.
   */
  | { type: 'loaded'; conversation: ConversationPart; messages: readonly ChatMessage[] }
  /** A conversationChanged event. */
  | {
      type: 'event';
      version: number;
      kind: string;
      message?: ChatMessage | null;
      conversation: ConversationPart;
    }
  /**
   * A mutation answered with messages and/or the conversation. `sinceVersion` is the state's
   * version when the mutation was sent: when an event arrived meanwhile, it may be newer than the
   * mutation's answer (e.g. ASSIGNED pushed before requestHuman's QUEUED answer), so the answer's
   * status is dropped; the event for the mutation's own change follows on the subscription.
   */
  | {
      type: 'mutated';
      sinceVersion: number;
      conversation?: ConversationPart | null;
      messages?: readonly (ChatMessage | null | undefined)[];
    };

function withConversation(state: ChatState, c: ConversationPart): ChatState {
  const csat = c.csat === undefined ? state.csat : c.csat;
  if (state.status === c.status && state.csat === csat) return state;
  return { ...state, status: c.status, csat };
}

export function chatReducer(state: ChatState, action: ChatAction): ChatState {
  switch (action.type) {
    case 'loaded': {
      const byId = mergeMessages(state.byId, action.messages);
      const next = byId === state.byId ? state : { ...state, byId };
      return state.version === 0 ? withConversation(next, action.conversation) : next;
    }
    case 'event': {
      const byId = mergeMessages(state.byId, [action.message]);
      const next = byId === state.byId ? state : { ...state, byId };
      // A stale or repeated event (lower version) adds its message but never rolls the status back;
      // a SNAPSHOT (first on every subscription, also after a reconnect) always applies.
      if (action.kind !== 'SNAPSHOT' && action.version < state.version) return next;
      const applied = withConversation(next, action.conversation);
      return applied.version === action.version ? applied : { ...applied, version: action.version };
    }
    case 'mutated': {
      const byId = action.messages ? mergeMessages(state.byId, action.messages) : state.byId;
      const next = byId === state.byId ? state : { ...state, byId };
      return action.conversation && action.sinceVersion === state.version
        ? withConversation(next, action.conversation)
        : next;
    }
  }
}

/** The display name of the newest agent who wrote, if any. */
export function latestAgentName(messages: readonly ChatMessage[]): string | undefined {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i]!;
    if (m.author === 'AGENT') return m.authorName || undefined;
  }
  return undefined;
}

export function authorLabel(m: ChatMessage): string {
  switch (m.author) {
    case 'CUSTOMER':
      return 'You';
    case 'BOT':
      return 'Assistant';
    case 'AGENT':
      return m.authorName || 'Support agent';
    default:
      return 'Notice';
  }
}

/** The conversation's status in words a customer understands. */
export function statusText(status: string | undefined, agentName?: string): string {
  switch (status) {
    case 'BOT':
      return 'You are chatting with our assistant. You can ask for a person at any time.';
    case 'QUEUED':
      return 'Waiting for a person from our team to join…';
    case 'HUMAN':
      return agentName
        ? `${agentName} from our team has joined and is answering.`
        : 'A person from our team has joined the conversation.';
    case 'RESOLVED':
      return 'This conversation is closed. Writing again reopens it.';
    default:
      return 'Connecting…';
  }
}

export const RATING_SCORES = [1, 2, 3, 4, 5] as const;

export function ratingLabel(score: number): string {
  return `Rate ${score} out of 5`;
}

export function ratingThanks(score: number): string {
  return `Thank you for your rating: ${score} out of 5.`;
}

/** A server error as shown next to the control: the GraphQL code (when there is one) and message. */
export interface ShownError {
  code?: string;
  message: string;
}

export function describeError(error: CombinedError): ShownError {
  const g = error.graphQLErrors[0];
  if (g) {
    const code = g.extensions?.code;
    return { code: typeof code === 'string' ? code : undefined, message: g.message };
  }
  if (error.networkError) {
    return { code: 'NETWORK', message: 'The server could not be reached. Check your connection and try again.' };
  }
  return { message: error.message.replace(/^\[\w+\]\s*/, '') };
}

/** A conversation the customer can no longer open (expired token, unknown id). */
export function isGone(error: CombinedError | undefined): boolean {
  return (
    error?.graphQLErrors.some((g) =>
      ['NOT_FOUND', 'UNAUTHENTICATED', 'FORBIDDEN'].includes(String(g.extensions?.code)),
    ) ?? false
  );
}
