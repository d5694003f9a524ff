import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import type { DocumentNode } from 'graphql';
import { MemoryRouter, useLocation } from 'react-router-dom';
import {
  Client,
  type Exchange,
  type Operation,
  type OperationResult,
  Provider,
  getOperationName,
  makeResult,
} from 'urql';
import { filter, fromValue, makeSubject, merge, mergeMap, pipe } from 'wonka';
import { Inbox, formatWait } from './Inbox';

const item = {
  id: 'w1',
  kind: 'HANDOFF',
  queue: 'support',
  priority: 2,
  enqueuedAt: '2026-12-03T10:00:00.000Z',
  conversation: { id: 'c1', status: 'HUMAN' },
};

let ops: Operation[];
let live: ReturnType<typeof makeSubject<OperationResult>>;
let presence: string;
let mine: (typeof item)[];
let waiting: Record<string, unknown>[];

function Where() {
  return <p data-testid="where">{useLocation().pathname}</p>;
}

const waitingItem = {
  id: 'support/w9',
  kind: 'HANDOFF',
  priority: 3,
  enqueuedAt: new Date(Date.now() - 125_000).toISOString(),
  dueAt: new Date(Date.now() - 5_000).toISOString(),
  assignedTo: null,
  reasons: [{ reason: 'EXPLICIT_REQUEST', detail: 'The customer asked for a person.', score: null }],
  conversation: { id: 'c9', status: 'QUEUED' },
};

function answer(op: Operation): Record<string, unknown> | null {
  switch (getOperationName(op.query as DocumentNode)) {
    case 'InboxMe':
      return {
        me: {
          id: 'alice',
          name: 'Alice',
          presence,
          capacity: 3,
          load: 0,
          queues: ['support'],
          assignments: mine,
        },
      };
    case 'InboxQueues':
      return { queues: [{ name: 'support', waiting: 0, oldestWaitingSeconds: null }] };
    case 'SetPresence':
      presence = (op.variables as { input: { presence: string } }).input.presence;
      return { setPresence: { id: 'alice', presence, capacity: 3, load: 0, queues: ['support'] } };
    case 'InboxQueueItems':
      return { queue: { name: 'support', items: waiting } };
    case 'Claim':
      return { claim: { ...item, id: 'support/w9', conversation: { id: 'c9', status: 'HUMAN' } } };
    case 'AcceptNext':
      mine = [...mine, item];
      return { acceptNext: item };
    default:
      return null;
  }
}

function setup() {
  const exchange: Exchange = () => (ops$) =>
    pipe(
      ops$,
      filter((op) => op.kind !== 'teardown'),
      mergeMap((op) => {
        ops.push(op);
        if (op.kind !== 'subscription') return fromValue(makeResult(op, { data: answer(op) }));
        const name = getOperationName(op.query as DocumentNode);
        return pipe(
          merge([live.source]),
          filter((r) => getOperationName(r.operation.query as DocumentNode) === name),
          mergeMap((r) => fromValue({ ...r, operation: op })),
        );
      }),
    );
  const client = new Client({ url: 'http://test/graphql', exchanges: [exchange] });
  render(
    <Provider value={client}>
      <MemoryRouter future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
        <Inbox />
        <Where />
      </MemoryRouter>
    </Provider>,
  );
  return {
    push(name: string, data: Record<string, unknown>) {
      const op = ops.find(
        (o) => o.kind === 'subscription' && getOperationName(o.query as DocumentNode) === name,
      );
      if (!op) throw new Error(`no subscription ${name}`);
      act(() => live.next(makeResult(op, { data })));
    },
  };
}

beforeEach(() => {
  ops = [];
  live = makeSubject<OperationResult>();
  presence = 'OFFLINE';
  mine = [];
  waiting = [];
});
afterEach(cleanup);

describe('inbox', () => {
  it('sets presence with a labelled radio group', async () => {
    setup();
    const group = await screen.findByRole('group', { name: 'Presence' });
    const online = within(group).getByRole('radio', { name: 'Online' });
    expect((within(group).getByRole('radio', { name: 'Offline' }) as HTMLInputElement).checked).toBe(true);
    await act(async () => {
      fireEvent.click(online);
    });
    expect((online as HTMLInputElement).checked).toBe(true);
    const set = ops.find((o) => getOperationName(o.query as DocumentNode) === 'SetPresence');
    expect(set?.variables).toEqual({ input: { presence: 'ONLINE' } });
    expect(await screen.findByText('Alice: 0 of 3 conversations')).toBeTruthy();
  });

  it('shows waiting counts live and ignores stale events', async () => {
    const { push } = setup();
    const row = (await screen.findByText('support', { selector: 'td' })).closest('tr')!;
    expect(within(row).getAllByRole('cell')[1]!.textContent).toBe('0');
    push('InboxQueueChanged', { queueChanged: { queue: 'support', version: 0, kind: 'SNAPSHOT', waiting: 0 } });
    push('InboxQueueChanged', { queueChanged: { queue: 'support', version: 2, kind: 'ENQUEUED', waiting: 2 } });
    expect(within(row).getAllByRole('cell')[1]!.textContent).toBe('2');
    push('InboxQueueChanged', { queueChanged: { queue: 'support', version: 1, kind: 'ENQUEUED', waiting: 1 } });
    expect(within(row).getAllByRole('cell')[1]!.textContent).toBe('2');
    // After a server restart the subscription starts again with a snapshot at version 0.
    push('InboxQueueChanged', { queueChanged: { queue: 'support', version: 0, kind: 'SNAPSHOT', waiting: 5 } });
    expect(within(row).getAllByRole('cell')[1]!.textContent).toBe('5');
  });

  it('accepts the next item and lists live assignments', async () => {
    const { push } = setup();
    const accept = await screen.findByRole('button', { name: 'Accept next from support' });
    await act(async () => {
      fireEvent.click(accept);
    });
    expect(await screen.findByRole('link', { name: 'Conversation c1' })).toBeTruthy();
    const second = { ...item, id: 'w2', conversation: { id: 'c2', status: 'HUMAN' } };
    mine = [...mine, second];
    push('InboxAssignments', { assignments: second });
    expect(await screen.findByRole('link', { name: 'Conversation c2' })).toBeTruthy();
  });

  it('lists waiting items, re-reads them on a queue change, and claims one', async () => {
    const { push } = setup();
    const section = await screen.findByRole('region', { name: 'Waiting in support' });
    expect(within(section).getByText('Nothing waiting.')).toBeTruthy();
    push('InboxQueueChanged', { queueChanged: { queue: 'support', version: 0, kind: 'SNAPSHOT', waiting: 0 } });
    waiting = [waitingItem];
    push('InboxQueueChanged', { queueChanged: { queue: 'support', version: 1, kind: 'ENQUEUED', waiting: 1 } });
    const claim = await within(section).findByRole('button', { name: 'Claim conversation c9' });
    const row = claim.closest('tr')!;
    expect(within(row).getByText('Explicit request')).toBeTruthy();
    expect(within(row).getByText('Breached')).toBeTruthy();
    expect(within(row).getByText(/^2 min/)).toBeTruthy();
    expect(within(row).getByRole('link', { name: 'Conversation c9' }).getAttribute('href')).toBe('/conversations/c9');
    await act(async () => {
      fireEvent.click(claim);
    });
    const c = ops.find((o) => getOperationName(o.query as DocumentNode) === 'Claim');
    expect(c?.variables).toEqual({ id: 'support/w9' });
    expect(screen.getByTestId('where').textContent).toBe('/conversations/c9');
  });

  it('opens the conversation after accepting', async () => {
    setup();
    await act(async () => {
      fireEvent.click(await screen.findByRole('button', { name: 'Accept next from any of my queues' }));
    });
    expect(screen.getByTestId('where').textContent).toBe('/conversations/c1');
  });

  it('formats waiting time', () => {
    expect(formatWait(null)).toBe('—');
    expect(formatWait(42)).toBe('42 s');
    expect(formatWait(125)).toBe('2 min 5 s');
    expect(formatWait(3720)).toBe('1 h 2 min');
  });
});
