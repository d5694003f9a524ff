import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import type { DocumentNode } from 'graphql';
import { Client, type Exchange, type Operation, getOperationName, makeResult } from 'urql';
import { filter, fromValue, mergeMap, never, pipe } from 'wonka';
import { storeCustomer } from '../auth';
import { mergeMessages, sortedMessages } from './Chat';

const seen = vi.hoisted(() => ({
  ops: [] as Operation[],
  status: 'HUMAN',
  rateRefused: false,
}));

function answer(op: Operation): Record<string, unknown> | null {
  switch (getOperationName(op.query as DocumentNode)) {
    case 'ChatConversation':
      return {
        conversation: {
          __typename: 'Conversation',
          id: 'c1',
          status: seen.status,
          csat: null,
          messages: [
            { id: 'm1', author: 'CUSTOMER', authorName: null, text: '<img src=x onerror=alert(1)>', at: '2026-12-03T10:00:00.000Z' },
            { id: 'm2', author: 'AGENT', authorName: 'Alice', text: '<b>Hello</b>', at: '2026-12-03T10:00:05.000Z' },
          ],
        },
      };
    case 'ChatSend':
      return {
        sendMessage: {
          message: { id: 'm3', author: 'CUSTOMER', authorName: null, text: String((op.variables as { input: { text: string } }).input.text), at: '2026-12-03T10:01:00.000Z' },
          reply: null,
          conversation: { id: 'c1', status: 'HUMAN', csat: null },
        },
      };
    case 'ChatRate':
      return {
        rateConversation: {
          id: 'c1',
          status: 'RESOLVED',
          csat: (op.variables as { score: number }).score,
        },
      };
    default:
      return null;
  }
}

vi.mock('../client', () => {
  const exchange: Exchange = () => (ops$) =>
    pipe(
      ops$,
      filter((op) => op.kind !== 'teardown'),
      mergeMap((op) => {
        seen.ops.push(op);
        if (op.kind === 'subscription') return never;
        if (seen.rateRefused && getOperationName(op.query as DocumentNode) === 'ChatRate')
          return fromValue(
            makeResult(op, {
              errors: [{ message: 'This conversation is rated already.', extensions: { code: 'CONFLICT' } }],
            }),
          );
        return fromValue(makeResult(op, { data: answer(op) }));
      }),
    );
  return {
    createHitlClient: () => ({
      client: new Client({ url: 'http://test/graphql', exchanges: [exchange] }),
      ws: null,
      generation: { get: () => 0, subscribe: () => () => {} },
      dispose: () => {},
    }),
  };
});

// Imported after the mock is declared (vi.mock is hoisted anyway).
const { Chat } = await import('./Chat');

function renderChat() {
  return render(
    <MemoryRouter
      initialEntries={['/chat/demo']}
      future={{ v7_startTransition: true, v7_relativeSplatPath: true }}
    >
      <Routes>
        <Route path="/chat/:tenant" element={<Chat />} />
      </Routes>
    </MemoryRouter>,
  );
}

beforeEach(() => {
  sessionStorage.clear();
  seen.ops = [];
  seen.status = 'HUMAN';
  seen.rateRefused = false;
});
afterEach(cleanup);

describe('customer chat page', () => {
  it('renders messages as text, never as HTML', async () => {
    storeCustomer('demo', { token: 'ctok', conversationId: 'c1' });
    const { container } = renderChat();
    expect(await screen.findByText('<img src=x onerror=alert(1)>')).toBeTruthy();
    expect(screen.getByText('<b>Hello</b>')).toBeTruthy();
    expect(screen.getByText('Alice')).toBeTruthy();
    expect(container.querySelector('.messages img, .messages b')).toBeNull();
  });

  it('labels its controls and sends with a fresh clientMessageId', async () => {
    storeCustomer('demo', { token: 'ctok', conversationId: 'c1' });
    renderChat();
    await screen.findByText('<b>Hello</b>');
    const box = screen.getByRole('textbox', { name: 'Message' });
    expect(screen.getByRole('button', { name: 'Talk to a person' })).toBeTruthy();
    fireEvent.change(box, { target: { value: 'Where is my order?' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    });
    expect(await screen.findByText('Where is my order?')).toBeTruthy();
    const send = seen.ops.find((o) => o.kind === 'mutation');
    const input = (send?.variables as { input: { clientMessageId: string; conversationId: string } }).input;
    expect(input.conversationId).toBe('c1');
    expect(input.clientMessageId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('offers to start a chat when there is no conversation for the tenant', async () => {
    renderChat();
    expect(await screen.findByRole('button', { name: 'Start chat' })).toBeTruthy();
    expect(screen.getByRole('textbox', { name: 'Your name (optional)' })).toBeTruthy();
  });
});

describe('rating once resolved', () => {
  it('offers 1 to 5, thanks after, and offers a new conversation', async () => {
    seen.status = 'RESOLVED';
    storeCustomer('demo', { token: 'ctok', conversationId: 'c1' });
    renderChat();
    const four = await screen.findByRole('button', { name: 'Rate 4 out of 5' });
    for (const n of [1, 2, 3, 5]) expect(screen.getByRole('button', { name: `Rate ${n} out of 5` })).toBeTruthy();
    expect(screen.getByRole('status').textContent).toMatch(/closed/);
    expect(screen.queryByRole('button', { name: 'Talk to a person' })).toBeNull();
    await act(async () => {
      fireEvent.click(four);
    });
    expect((await screen.findByText(/Thank you for your rating/)).textContent).toBe(
      'Thank you for your rating: 4 out of 5.',
    );
    const rate = seen.ops.find((o) => o.kind === 'mutation');
    expect(rate?.variables).toEqual({ id: 'c1', score: 4 });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Start a new conversation' }));
    });
    expect(await screen.findByRole('button', { name: 'Start chat' })).toBeTruthy();
    expect(sessionStorage.getItem('hitl.customer.demo')).toBeNull();
  });

  it('shows the server’s refusal next to the rating', async () => {
    seen.status = 'RESOLVED';
    seen.rateRefused = true;
    storeCustomer('demo', { token: 'ctok', conversationId: 'c1' });
    renderChat();
    const two = await screen.findByRole('button', { name: 'Rate 2 out of 5' });
    await act(async () => {
      fireEvent.click(two);
    });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/Your rating was not saved: CONFLICT This conversation is rated already\./);
    expect(screen.getByRole('button', { name: 'Rate 2 out of 5' })).toBeTruthy();
  });
});

describe('message merging', () => {
  it('keeps a message seen twice once, oldest first', () => {
    const a = { id: 'a', author: 'BOT', text: 'x', at: '2026-12-03T10:00:01.000Z' };
    const b = { id: 'b', author: 'CUSTOMER', text: 'y', at: '2026-12-03T10:00:00.000Z' };
    const once = mergeMessages({}, [a, b]);
    const twice = mergeMessages(once, [a, null]);
    expect(sortedMessages(twice).map((m) => m.id)).toEqual(['b', 'a']);
    expect(mergeMessages(once, [null])).toBe(once);
  });
});
