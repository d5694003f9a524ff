import { describe, expect, it } from 'vitest';
import { CombinedError } from 'urql';
import { GraphQLError } from 'graphql';
import {
  type ConversationState,
  applyEvent,
  applyState,
  attemptFor,
  describeError,
  replyBlocked,
  slaLine,
  slaText,
} from './ConversationLogic';

const state = (over: Partial<ConversationState> = {}): ConversationState => ({
  id: 'c1',
  status: 'HUMAN',
  owner: { kind: 'AGENT', agentId: 'ava', queue: null, since: '2026-01-01T00:00:00Z' },
  escalation: null,
  escalations: [],
  pendingDraft: null,
  version: 5,
  messageCount: 3,
  sentiment: 0,
  csat: null,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  ...over,
});

describe('conversation logic', () => {
  it('applies events in version order; equal versions and snapshots apply', () => {
    let v = applyEvent({ state: null, version: null }, { kind: 'SNAPSHOT', version: 5, conversation: state() });
    expect(v.version).toBe(5);
    v = applyEvent(v, { kind: 'MESSAGE', version: 6, conversation: state({ messageCount: 4 }) });
    v = applyEvent(v, { kind: 'MESSAGE', version: 6, conversation: state({ messageCount: 5 }) });
    expect(v.state!.messageCount).toBe(5);
    const stale = applyEvent(v, { kind: 'MESSAGE', version: 4, conversation: state({ messageCount: 1 }) });
    expect(stale).toBe(v);
    const restart = applyEvent(v, { kind: 'SNAPSHOT', version: 0, conversation: state({ status: 'BOT' }) });
    expect(restart.state!.status).toBe('BOT');
    expect(restart.version).toBe(0);
  });

  it('keeps the newest state when a query answers after a later event or mutation', () => {
    let v = applyEvent({ state: null, version: null }, { kind: 'SNAPSHOT', version: 5, conversation: state() });
    // The agent resolves: the event and the mutation's answer carry version 7.
    v = applyEvent(v, { kind: 'RESOLVED', version: 7, conversation: state({ status: 'RESOLVED', version: 7 }) });
    v = applyState(v, state({ status: 'RESOLVED', version: 7 }));
    // A query sent before the resolve answers now: it is older and changes nothing.
    expect(applyState(v, state({ status: 'HUMAN', version: 6 }))).toBe(v);
    // A newer answer applies.
    const later = applyState(v, state({ status: 'BOT', version: 8 }));
    expect(later.state!.status).toBe('BOT');
    expect(later.version).toBe(8);
    // Before anything arrived, the first answer applies.
    expect(applyState({ state: null, version: null }, state({ version: 2 })).version).toBe(2);
  });

  it('lets only the owning agent reply, and says why not', () => {
    expect(replyBlocked(state(), 'ava')).toBeNull();
    expect(replyBlocked(state(), 'bob')).toBe('ava owns this conversation; only the owner can reply.');
    expect(
      replyBlocked(state({ status: 'QUEUED', owner: { kind: 'QUEUE', queue: 'support', since: 'x' } }), 'ava'),
    ).toBe('Waiting in the support queue. Claim it from the inbox to reply.');
    expect(replyBlocked(state({ status: 'BOT', owner: { kind: 'BOT', since: 'x' } }), 'ava')).toContain(
      'Claim it from the inbox to reply',
    );
    expect(replyBlocked(state({ status: 'RESOLVED' }), 'ava')).toBe('This conversation is resolved.');
    expect(replyBlocked(null, 'ava')).toBe('Loading the conversation…');
  });

  it('counts the SLA down and says when it is breached', () => {
    const due = '2026-01-01T00:05:00.000Z';
    expect(slaText(due, Date.parse('2026-01-01T00:00:55Z'))).toEqual({ text: '4 min 05 s left', breached: false });
    expect(slaText(due, Date.parse('2026-01-01T00:04:58Z'))).toEqual({ text: '2 s left', breached: false });
    expect(slaText(due, Date.parse('2026-01-01T00:06:10Z'))).toEqual({ text: 'breached 1 min 10 s ago', breached: true });
    expect(slaText(due, Date.parse('2026-01-01T02:06:00Z')).text).toBe('breached 2 h 1 min ago');
    expect(slaText(due, Date.parse('2026-01-01T00:05:00.400Z')).text).toBe('breached just now');
  });

  it('stops the SLA at the first human response', () => {
    const esc = {
      id: 'e1', queue: 'support', priority: 1, at: '2026-01-01T00:00:00Z', reasons: [],
      dueAt: '2026-01-01T00:05:00Z', firstHumanResponseAt: '2026-01-01T00:06:00Z',
    };
    expect(slaLine(esc, 0)!.breached).toBe(true);
    expect(slaLine({ ...esc, firstHumanResponseAt: '2026-01-01T00:01:00Z' }, 0)!.breached).toBe(false);
    expect(slaLine({ ...esc, dueAt: null }, 0)).toBeNull();
    expect(slaLine(null, 0)).toBeNull();
  });

  it('keeps the clientMessageId for a retry of the same text', () => {
    let n = 0;
    const id = () => `id${++n}`;
    const a = attemptFor(null, 'hello', id);
    expect(attemptFor(a, 'hello', id)).toBe(a);
    expect(attemptFor(a, 'hello again', id).clientMessageId).toBe('id2');
  });

  it('shows the error code with the message', () => {
    const e = new CombinedError({
      graphQLErrors: [new GraphQLError('Not yours.', { extensions: { code: 'CONFLICT' } })],
    });
    expect(describeError(e)).toBe('CONFLICT: Not yours.');
    expect(describeError(new CombinedError({ networkError: new Error('Failed to fetch') }))).toBe(
      'Network error: Failed to fetch',
    );
    expect(describeError(undefined)).toBeUndefined();
  });
});
