import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import type { DocumentNode } from 'graphql';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import {
  Client,
  type Exchange,
  type Operation,
  type OperationResult,
  Provider,
  getOperationName,
  makeErrorResult,
  makeResult,
} from 'urql';
import { filter, fromValue, makeSubject, mergeMap, pipe } from 'wonka';
import { signOut, storeToken } from '../auth';
import { Conversation } from './Conversation';

const at = (s: number) => new Date(Date.UTC(2026, 11, 3, 10, 0, s)).toISOString();
const message = (id: string, s: number, extra: Record<string, unknown> = {}) => ({
  id, author: 'CUSTOMER', authorId: null, authorName: null, text: `text ${id}`, at: at(s),
  confidence: null, sources: [], sentiment: null, ...extra,
});
const conv = (extra: Record<string, unknown> = {}) => ({
  id: 'c1',
  status: 'HUMAN',
  owner: { kind: 'AGENT', agentId: 'ava', queue: null, since: at(0) },
  escalation: {
    id: 'e1', queue: 'support', priority: 2, at: at(0), dueAt: '2999-01-01T00:00:00.000Z', firstHumanResponseAt: null,
    reasons: [{ reason: 'NEGATIVE_SENTIMENT', detail: 'Sentiment -0.82 is at or below -0.50.', score: -0.82 }],
  },
  escalations: [],
  pendingDraft: null,
  messageCount: 3,
  sentiment: -0.4,
  csat: null,
  createdAt: at(0),
  updatedAt: at(0),
  ...extra,
});

let ops: Operation[];
let live: ReturnType<typeof makeSubject<OperationResult>>;
let state: ReturnType<typeof conv>;
let failSends: number;

function answer(op: Operation): OperationResult {
  const name = getOperationName(op.query as DocumentNode);
  const ok = (data: Record<string, unknown>) => makeResult(op, { data });
  switch (name) {
    case 'ConversationPage':
      return ok({
        conversation: {
          ...state,
          messages: [
            message('m2', 2, { sentiment: -0.6 }),
            message('m3', 3, { author: 'BOT', text: 'Export from File', confidence: 0.88, sources: ['export-notes'] }),
          ],
        },
      });
    case 'ConversationOlder':
      return ok({ conversation: { id: 'c1', messages: [message('m1', 1, { text: 'the first one' })] } });
    case 'ConversationArticles':
      return ok({ articles: [{ id: 'export-notes', title: 'Exporting your notes' }] });
    case 'ConversationQueues':
      return ok({ queues: [{ name: 'support' }, { name: 'billing' }] });
    case 'ConversationAgents':
      return makeErrorResult(op, new Error('FORBIDDEN'));
    case 'ConversationSend': {
      if (failSends > 0) {
        failSends -= 1;
        return makeErrorResult(op, new Error('Failed to fetch'));
      }
      const input = (op.variables as { input: { text: string; clientMessageId: string } }).input;
      return ok({
        sendMessage: {
          message: message(`a-${input.clientMessageId}`, 9, { author: 'AGENT', authorId: 'ava', authorName: 'Ava', text: input.text }),
          reply: null,
          conversation: state,
        },
      });
    }
    case 'ConversationTransfer':
      return ok({ transfer: { ...state, status: 'QUEUED', owner: { kind: 'QUEUE', agentId: null, queue: 'billing', since: at(5) } } });
    case 'ConversationResolve':
      return makeResult(op, {
        data: null,
        errors: [{ message: 'Only the owner can resolve.', extensions: { code: 'FORBIDDEN' } }],
      });
    default:
      return ok({});
  }
}

function setup() {
  const exchange: Exchange = () => (ops$) =>
    pipe(
      ops$,
      filter((op) => op.kind !== 'teardown'),
      mergeMap((op) => {
        ops.push(op);
        if (op.kind !== 'subscription') return fromValue(answer(op));
        return pipe(
          live.source,
          mergeMap((r) => fromValue({ ...r, operation: op })),
        );
      }),
    );
  const client = new Client({ url: 'http://test/graphql', exchanges: [exchange] });
  render(
    <Provider value={client}>
      <MemoryRouter initialEntries={['/conversations/c1']} future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
        <Routes>
          <Route path="/conversations/:id" element={<Conversation />} />
        </Routes>
      </MemoryRouter>
    </Provider>,
  );
  return {
    push(data: Record<string, unknown>) {
      const op = ops.find((o) => o.kind === 'subscription');
      if (!op) throw new Error('no subscription');
      act(() => live.next(makeResult(op, { data })));
    },
  };
}

const sends = () =>
  ops
    .filter((o) => getOperationName(o.query as DocumentNode) === 'ConversationSend')
    .map((o) => (o.variables as { input: { text: string; clientMessageId: string } }).input);

beforeEach(() => {
  ops = [];
  live = makeSubject<OperationResult>();
  state = conv();
  failSends = 0;
  storeToken({ token: 't', role: 'AGENT', subject: 'ava', tenant: 'demo', expiresAt: '2999-01-01T00:00:00.000Z' });
});
afterEach(() => {
  cleanup();
  signOut();
});

describe('conversation page', () => {
  it('shows the transcript with confidence, source titles, reasons, SLA and sentiment', async () => {
    setup();
    expect(await screen.findByRole('heading', { name: 'Conversation c1' })).toBeTruthy();
    const log = screen.getByRole('log', { name: 'Transcript messages' });
    expect(within(log).getByText('Export from File')).toBeTruthy();
    expect(within(log).getByText(/Confidence 88 %/)).toBeTruthy();
    expect(within(log).getByText('Exporting your notes')).toBeTruthy();
    const esc = screen.getByRole('region', { name: 'Escalation' });
    expect(within(esc).getByText('Negative sentiment')).toBeTruthy();
    expect(within(esc).getByText(/Sentiment -0.82 is at or below/)).toBeTruthy();
    expect(within(esc).getByRole('timer', { name: 'SLA countdown' }).textContent).toMatch(/left$/);
    const senti = screen.getByRole('region', { name: 'Sentiment' });
    expect(within(senti).getByRole('img').getAttribute('aria-label')).toBe(
      'Customer sentiment -0.60 (very negative) from 1 message.',
    );
    expect(screen.getByRole('status', { name: 'Conversation status' }).textContent).toContain('Agent ava');
  });

  it('loads older messages before the oldest one', async () => {
    setup();
    const older = await screen.findByRole('button', { name: 'Load older messages' });
    await act(async () => {
      fireEvent.click(older);
    });
    expect(await screen.findByText('the first one')).toBeTruthy();
    const q = ops.find((o) => getOperationName(o.query as DocumentNode) === 'ConversationOlder');
    expect(q?.variables).toEqual({ id: 'c1', before: 'm2' });
    expect(screen.queryByRole('button', { name: 'Load older messages' })).toBeNull();
  });

  it('sends on Enter and retries a network failure with the same clientMessageId', async () => {
    setup();
    const box = (await screen.findByRole('textbox', { name: 'Reply to the customer' })) as HTMLTextAreaElement;
    fireEvent.change(box, { target: { value: 'Hello Carl' } });
    fireEvent.keyDown(box, { key: 'Enter', shiftKey: true });
    expect(sends()).toHaveLength(0);
    failSends = 1;
    await act(async () => {
      fireEvent.keyDown(box, { key: 'Enter' });
    });
    expect(await screen.findByText(/Not sent: network error/)).toBeTruthy();
    expect(box.value).toBe('Hello Carl');
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Send reply' }));
    });
    const [first, second] = sends();
    expect(second!.clientMessageId).toBe(first!.clientMessageId);
    expect(await screen.findByText('Hello Carl')).toBeTruthy();
    expect(box.value).toBe('');
  });

  it('explains why a non-owner cannot reply', async () => {
    state = conv({ status: 'QUEUED', owner: { kind: 'QUEUE', agentId: null, queue: 'support', since: at(0) } });
    setup();
    const box = (await screen.findByRole('textbox', { name: 'Reply to the customer' })) as HTMLTextAreaElement;
    expect(box.disabled).toBe(true);
    expect(screen.getByText(/Claim it from the inbox to reply/)).toBeTruthy();
  });

  it('merges live messages and follows the status', async () => {
    const { push } = setup();
    await screen.findByRole('heading', { name: 'Conversation c1' });
    push({
      conversationChanged: {
        conversationId: 'c1', version: 7, kind: 'MESSAGE',
        message: message('m4', 4, { text: 'live one' }),
        conversation: conv({ messageCount: 4 }),
      },
    });
    push({
      conversationChanged: {
        conversationId: 'c1', version: 7, kind: 'MESSAGE',
        message: message('m4', 4, { text: 'live one' }),
        conversation: conv({ messageCount: 4 }),
      },
    });
    expect(screen.getAllByText('live one')).toHaveLength(1);
    const reads = () => ops.filter((o) => getOperationName(o.query as DocumentNode) === 'ConversationPage').length;
    const before = reads();
    push({ conversationChanged: { conversationId: 'c1', version: 7, kind: 'SNAPSHOT', message: null, conversation: conv({ messageCount: 4 }) } });
    expect(reads()).toBe(before + 1);
    push({
      conversationChanged: {
        conversationId: 'c1', version: 8, kind: 'RESOLVED', message: null,
        conversation: conv({ status: 'RESOLVED', owner: { kind: 'NONE', agentId: null, queue: null, since: at(9) } }),
      },
    });
    expect(screen.getByRole('status', { name: 'Conversation status' }).textContent).toContain('Resolved');
    // A late event of an older version changes nothing.
    push({
      conversationChanged: { conversationId: 'c1', version: 6, kind: 'UPDATED', message: null, conversation: conv() },
    });
    expect(screen.getByRole('status', { name: 'Conversation status' }).textContent).toContain('Resolved');
  });

  it('transfers with a note and shows action errors next to the action', async () => {
    setup();
    fireEvent.change(await screen.findByLabelText('Transfer to queue'), { target: { value: 'billing' } });
    fireEvent.change(screen.getByLabelText('Transfer note (optional)'), { target: { value: 'refund' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Transfer' }));
    });
    const t = ops.find((o) => getOperationName(o.query as DocumentNode) === 'ConversationTransfer');
    expect(t?.variables).toEqual({ input: { conversationId: 'c1', queue: 'billing', agentId: null, note: 'refund' } });
    expect(screen.getByRole('status', { name: 'Conversation status' }).textContent).toContain('Queue billing');
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Resolve' }));
    });
    expect(await screen.findByText('FORBIDDEN: Only the owner can resolve.')).toBeTruthy();
  });
});
