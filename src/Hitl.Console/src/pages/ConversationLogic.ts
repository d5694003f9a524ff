// Pure logic of the conversation page: event reducer, reply rules, SLA countdown, error text.
import type { CombinedError } from 'urql';
import type { ConversationStateFieldsFragment } from '../gql/graphql';

export type ConversationState = ConversationStateFieldsFragment;

export interface Versioned {
  state: ConversationState | null;
  /** The version of what is shown (from an event, a query or a mutation); null until something arrived. */
  version: number | null;
}

/**
 * Applies a conversationChanged event's conversation. Events of one command share a version, so an
 * equal version is applied (it is the same or a later view); an older one is dropped; a SNAPSHOT
 * (first on every subscription, also after a server restart) always applies and resets the version.
 */
/**
 * A conversation read by a query or returned by a mutation: applied unless an event or another answer already
 * showed a newer version (a query sent before a change can answer after it).
 */
export function applyState(prev: Versioned, s: ConversationState): Versioned {
  if (prev.version !== null && s.version < prev.version) return prev;
  return { state: s, version: s.version };
}

export function applyEvent(
  prev: Versioned,
  e: { kind: string; version: number; conversation: ConversationState },
): Versioned {
  if (e.kind !== 'SNAPSHOT' && prev.version !== null && e.version < prev.version) return prev;
  return { state: e.conversation, version: e.version };
}

/** Why the caller cannot reply, or null when it can (it is the agent that owns the conversation). */
export function replyBlocked(state: ConversationState | null, subject: string | undefined): string | null {
  if (!state) return 'Loading the conversation…';
  const owner = state.owner;
  if (state.status === 'RESOLVED') return 'This conversation is resolved.';
  if (owner.kind === 'AGENT' && owner.agentId === subject) return null;
  switch (owner.kind) {
    case 'AGENT':
      return `${owner.agentId ?? 'Another agent'} owns this conversation; only the owner can reply.`;
    case 'QUEUE':
      return `Waiting in ${owner.queue ? `the ${owner.queue} queue` : 'a queue'}. Claim it from the inbox to reply.`;
    case 'BOT':
      return 'The bot is answering this conversation. Claim it from the inbox to reply.';
    default:
      return 'Nobody owns this conversation. Claim it from the inbox to reply.';
  }
}

export function ownerText(state: ConversationState): string {
  const o = state.owner;
  switch (o.kind) {
    case 'AGENT':
      return `Agent ${o.agentId ?? '?'}`;
    case 'QUEUE':
      return `Queue ${o.queue ?? '?'}`;
    case 'BOT':
      return 'Bot';
    default:
      return 'Nobody';
  }
}

export function statusText(status: string): string {
  return status.charAt(0) + status.slice(1).toLowerCase();
}

/** "4 min 05 s left", "breached 1 min 10 s ago". */
export function slaText(dueAt: string, now: number): { text: string; breached: boolean } {
  const ms = Date.parse(dueAt) - now;
  const breached = ms < 0;
  const total = Math.floor(Math.abs(ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const span = h > 0 ? `${h} h ${m} min` : m > 0 ? `${m} min ${String(s).padStart(2, '0')} s` : `${s} s`;
  if (!breached) return { text: `${span} left`, breached };
  return { text: total === 0 ? 'breached just now' : `breached ${span} ago`, breached };
}

/** The SLA line for the open escalation, or null when there is none to keep. */
export function slaLine(
  escalation: ConversationState['escalation'],
  now: number,
): { text: string; breached: boolean } | null {
  if (!escalation?.dueAt) return null;
  if (escalation.firstHumanResponseAt) {
    const met = Date.parse(escalation.firstHumanResponseAt) <= Date.parse(escalation.dueAt);
    return {
      text: `First response ${met ? 'within' : 'after'} the SLA at ${new Date(escalation.firstHumanResponseAt).toLocaleTimeString()}`,
      breached: !met,
    };
  }
  return slaText(escalation.dueAt, now);
}

/** "CONFLICT: the conversation is not yours" from a server error (code first when there is one). */
export function describeError(error: CombinedError | undefined): string | undefined {
  if (!error) return undefined;
  if (error.networkError && error.graphQLErrors.length === 0)
    return `Network error: ${error.networkError.message}`;
  return error.graphQLErrors
    .map((g) => (g.extensions?.code ? `${String(g.extensions.code)}: ${g.message}` : g.message))
    .join(' ');
}

export interface Attempt {
  text: string;
  clientMessageId: string;
}

/**
 * The attempt to send `text`: the same one (same clientMessageId) while the text is unchanged since
 * a send that may not have reached the server, otherwise a new id.
 */
export function attemptFor(prev: Attempt | null, text: string, newId: () => string): Attempt {
  if (prev && prev.text === text) return prev;
  return { text, clientMessageId: newId() };
}

export function reasonText(reason: string): string {
  const s = reason.replace(/_/g, ' ').toLowerCase();
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function percent(value: number | null | undefined): string {
  return value == null ? '—' : `${Math.round(value * 100)} %`;
}
