import { describe, expect, it } from 'vitest';
import { CombinedError } from 'urql';
import { GraphQLError } from 'graphql';
import {
  type ChatMessage,
  chatReducer,
  describeError,
  initialChatState,
  isGone,
  latestAgentName,
  ratingLabel,
  sortedMessages,
  statusText,
} from './ChatLogic';

const msg = (id: string, author: string, at: string, authorName?: string): ChatMessage => ({
  id,
  author,
  authorName: authorName ?? null,
  text: id,
  at: `2026-12-03T10:00:0${at}.000Z`,
});

describe('chat state', () => {
  it('applies events in version order and never rolls the status back', () => {
    let s = chatReducer(initialChatState, {
      type: 'event', version: 4, kind: 'ESCALATED', message: null, conversation: { status: 'QUEUED' },
    });
    s = chatReducer(s, { type: 'event', version: 5, kind: 'ASSIGNED', conversation: { status: 'HUMAN' } });
    const late = chatReducer(s, {
      type: 'event', version: 4, kind: 'MESSAGE', message: msg('m1', 'SYSTEM', '1'), conversation: { status: 'QUEUED' },
    });
    expect(late.status).toBe('HUMAN');
    expect(Object.keys(late.byId)).toEqual(['m1']);
    expect(late.version).toBe(5);
  });

  it('takes a SNAPSHOT whatever its version (a fresh subscription)', () => {
    const s = chatReducer({ ...initialChatState, status: 'HUMAN', version: 9 }, {
      type: 'event', version: 7, kind: 'SNAPSHOT', conversation: { status: 'RESOLVED', csat: 5 },
    });
    expect(s).toMatchObject({ status: 'RESOLVED', csat: 5, version: 7 });
  });

  it('drops a mutation answer’s status when an event came meanwhile (ASSIGNED before requestHuman answered)', () => {
    const before = chatReducer(initialChatState, { type: 'event', version: 3, kind: 'SNAPSHOT', conversation: { status: 'BOT' } });
    const sinceVersion = before.version;
    const assigned = chatReducer(before, { type: 'event', version: 5, kind: 'ASSIGNED', conversation: { status: 'HUMAN' } });
    const answered = chatReducer(assigned, { type: 'mutated', sinceVersion, conversation: { status: 'QUEUED' } });
    expect(answered.status).toBe('HUMAN');
    // With no event meanwhile the answer applies, and its messages are always merged.
    const sent = chatReducer(before, {
      type: 'mutated', sinceVersion, conversation: { status: 'BOT' }, messages: [msg('a', 'CUSTOMER', '1'), null],
    });
    expect(sent.status).toBe('BOT');
    expect(sortedMessages(sent.byId).map((m) => m.id)).toEqual(['a']);
  });

  it('takes the status of a query only until events arrive, but always its messages', () => {
    const loaded = chatReducer(initialChatState, {
      type: 'loaded', conversation: { status: 'RESOLVED', csat: null }, messages: [msg('b', 'BOT', '2')],
    });
    expect(loaded.status).toBe('RESOLVED');
    const live = chatReducer(loaded, { type: 'event', version: 8, kind: 'RATED', conversation: { status: 'RESOLVED', csat: 3 } });
    const requeried = chatReducer(live, {
      type: 'loaded', conversation: { status: 'RESOLVED', csat: null }, messages: [msg('c', 'AGENT', '3')],
    });
    expect(requeried.csat).toBe(3);
    expect(Object.keys(requeried.byId).sort()).toEqual(['b', 'c']);
  });

  it('returns the same state when nothing changes', () => {
    const s = chatReducer(initialChatState, { type: 'loaded', conversation: { status: 'BOT' }, messages: [] });
    expect(chatReducer(s, { type: 'mutated', sinceVersion: 0, conversation: { status: 'BOT' } })).toBe(s);
  });
});

describe('customer wording', () => {
  it('says who answers in words a customer understands', () => {
    expect(statusText('QUEUED')).toMatch(/Waiting for a person/);
    expect(statusText('HUMAN')).toBe('A person from our team has joined the conversation.');
    expect(statusText('HUMAN', 'Ava')).toBe('Ava from our team has joined and is answering.');
    expect(statusText('RESOLVED')).toMatch(/closed/);
    expect(statusText(undefined)).toBe('Connecting…');
  });
  it('names the newest agent who wrote', () => {
    const ms = [msg('1', 'AGENT', '1', 'Ava'), msg('2', 'AGENT', '2', 'Bo'), msg('3', 'CUSTOMER', '3')];
    expect(latestAgentName(ms)).toBe('Bo');
    expect(latestAgentName([msg('1', 'BOT', '1')])).toBeUndefined();
  });
  it('labels rating choices', () => {
    expect(ratingLabel(4)).toBe('Rate 4 out of 5');
  });
});

describe('errors', () => {
  it('shows the GraphQL code and message', () => {
    const e = new CombinedError({
      graphQLErrors: [new GraphQLError('This conversation is rated already.', { extensions: { code: 'CONFLICT' } })],
    });
    expect(describeError(e)).toEqual({ code: 'CONFLICT', message: 'This conversation is rated already.' });
    expect(isGone(e)).toBe(false);
  });
  it('says a network error is one', () => {
    const e = new CombinedError({ networkError: new Error('Failed to fetch') });
    expect(describeError(e).code).toBe('NETWORK');
  });
  it('knows a conversation the customer can no longer open', () => {
    const e = new CombinedError({
      graphQLErrors: [new GraphQLError('no', { extensions: { code: 'UNAUTHENTICATED' } })],
    });
    expect(isGone(e)).toBe(true);
    expect(isGone(undefined)).toBe(false);
  });
});
