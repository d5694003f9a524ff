import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import type { DocumentNode } from 'graphql';
import { MemoryRouter } from 'react-router-dom';
import { Client, type Exchange, type Operation, Provider, getOperationName, makeResult } from 'urql';
import { filter, fromValue, mergeMap, never, pipe } from 'wonka';
import { STAFF_KEY } from '../auth';
import { Review } from './Review';

const draftItem = {
  id: 'review~d1',
  kind: 'DRAFT_REVIEW',
  queue: 'review',
  priority: 0,
  enqueuedAt: '2026-12-03T10:00:00.000Z',
  assignedTo: null as string | null,
  draft: { id: 'd1', text: 'Choose File > Export.', confidence: 0.61, sources: ['export-notes'] },
  conversation: {
    id: 'c1',
    status: 'BOT',
    pendingDraft: null,
    messages: [{ id: 'm1', author: 'CUSTOMER', text: 'how do I export?', at: '2026-12-03T10:00:00.000Z' }],
  },
};

let ops: Operation[];
let held: (typeof draftItem)[];
let queueForbidden: boolean;
let reviewError = null as string | null;

function answer(op: Operation) {
  const name = getOperationName(op.query as DocumentNode);
  const err = (code: string, message: string) =>
    makeResult(op, { data: null, errors: [{ message, extensions: { code } }] });
  switch (name) {
    case 'ReviewQueue':
      if (queueForbidden) return err('FORBIDDEN', "'review' is not one of them.");
      return makeResult(op, { data: { queue: { name: 'review', waiting: held.length ? 0 : 1, items: held.length ? [] : [draftItem] } } });
    case 'ReviewMe':
      return makeResult(op, {
        data: { me: { id: 'ana', presence: 'ONLINE', load: held.length, capacity: 3, queues: queueForbidden ? [] : ['review'], assignments: held } },
      });
    case 'ReviewArticles':
      return makeResult(op, { data: { articles: [{ id: 'export-notes', title: 'Exporting your notes' }] } });
    case 'ReviewClaim':
      held = [{ ...draftItem, assignedTo: 'ana' }];
      return makeResult(op, { data: { claim: { id: draftItem.id, kind: 'DRAFT_REVIEW', queue: 'review', assignedTo: 'ana' } } });
    case 'ReviewDraft':
      if (reviewError) return err(reviewError, 'not waiting for review');
      held = [];
      return makeResult(op, { data: { reviewDraft: { id: draftItem.id, kind: 'DRAFT_REVIEW', queue: 'review', conversation: { id: 'c1', status: 'BOT' } } } });
    default:
      return makeResult(op, { data: null });
  }
}

function setup(role: string) {
  sessionStorage.setItem(
    STAFF_KEY,
    JSON.stringify({ token: 't', role, subject: 'ana', tenant: 'demo', expiresAt: '2999-01-01T00:00:00.000Z', receivedAt: Date.now() }),
  );
  const exchange: Exchange = () => (ops$) =>
    pipe(
      ops$,
      filter((op) => op.kind !== 'teardown'),
      mergeMap((op) => {
        ops.push(op);
        return op.kind === 'subscription' ? never : fromValue(answer(op));
      }),
    );
  const client = new Client({ url: 'http://test/graphql', exchanges: [exchange] });
  render(
    <Provider value={client}>
      <MemoryRouter future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
        <Review />
      </MemoryRouter>
    </Provider>,
  );
}

const click = async (el: HTMLElement) => {
  await act(async () => {
    fireEvent.click(el);
  });
};

beforeEach(() => {
  ops = [];
  held = [];
  queueForbidden = false;
  reviewError = null;
});
afterEach(() => {
  cleanup();
  sessionStorage.clear();
});

describe('review', () => {
  it('shows question, draft, confidence and source titles side by side', async () => {
    setup('MANAGER');
    const card = await screen.findByRole('region', { name: 'Draft for conversation c1' });
    expect(within(card).getByText('how do I export?')).toBeTruthy();
    expect(within(card).getByText('Choose File > Export.')).toBeTruthy();
    expect(within(card).getByText('61 %')).toBeTruthy();
    expect(within(card).getByRole('list', { name: 'Sources' }).textContent).toBe('Exporting your notes');
    expect(within(card).getByRole('link', { name: 'Open conversation c1' }).getAttribute('href')).toBe('/conversations/c1');
    // A manager reviews straight from the queue.
    expect(within(card).queryByRole('button', { name: 'Take it' })).toBeNull();
    await click(within(card).getByRole('button', { name: 'Approve draft' }));
    const review = ops.find((o) => getOperationName(o.query as DocumentNode) === 'ReviewDraft');
    expect(review?.variables).toEqual({ input: { workItemId: 'review~d1', decision: 'APPROVE' } });
    expect(await screen.findByText('Draft for conversation c1 approved and sent.')).toBeTruthy();
  });

  it('makes an agent take the draft, then sends the edited text', async () => {
    setup('AGENT');
    const card = await screen.findByRole('region', { name: 'Draft for conversation c1' });
    expect(within(card).queryByRole('button', { name: 'Approve draft' })).toBeNull();
    await click(within(card).getByRole('button', { name: 'Take it' }));
    const claimed = await screen.findByRole('region', { name: 'Draft for conversation c1' });
    await click(await within(claimed).findByRole('button', { name: 'Edit draft' }));
    const box = within(claimed).getByLabelText('Edited answer') as HTMLTextAreaElement;
    expect(box.value).toBe('Choose File > Export.');
    fireEvent.change(box, { target: { value: 'Use File > Export, then pick PDF.' } });
    await click(within(claimed).getByRole('button', { name: 'Send edited answer' }));
    const review = ops.find((o) => getOperationName(o.query as DocumentNode) === 'ReviewDraft');
    expect(review?.variables).toEqual({
      input: { workItemId: 'review~d1', decision: 'EDIT', text: 'Use File > Export, then pick PDF.' },
    });
  });

  it('shows a CONFLICT next to the draft and refreshes', async () => {
    reviewError = 'CONFLICT';
    setup('MANAGER');
    const card = await screen.findByRole('region', { name: 'Draft for conversation c1' });
    const before = ops.filter((o) => getOperationName(o.query as DocumentNode) === 'ReviewQueue').length;
    await click(within(card).getByRole('button', { name: 'Reject draft' }));
    expect(within(card).getByRole('alert').textContent).toContain('CONFLICT: not waiting for review');
    expect(ops.filter((o) => getOperationName(o.query as DocumentNode) === 'ReviewQueue').length).toBeGreaterThan(before);
  });

  it('explains to an agent without the review queue', async () => {
    queueForbidden = true;
    setup('AGENT');
    expect(await screen.findByRole('heading', { name: 'You do not review drafts' })).toBeTruthy();
  });
});
