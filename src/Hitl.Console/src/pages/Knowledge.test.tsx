import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import type { DocumentNode } from 'graphql';
import { MemoryRouter } from 'react-router-dom';
import { Client, type Exchange, type Operation, Provider, getOperationName, makeResult } from 'urql';
import { filter, fromValue, mergeMap, never, pipe } from 'wonka';
import { STAFF_KEY } from '../auth';
import { Knowledge } from './Knowledge';

const refunds = {
  id: 'refunds',
  title: 'Refunds',
  body: 'We refund within 14 days.',
  questions: ['Can I get a refund?'],
  updatedAt: '2026-12-03T10:00:00.000Z',
};
let ops: Operation[];
let articles: (typeof refunds)[];

function answer(op: Operation) {
  const err = (code: string, message: string) =>
    makeResult(op, { data: null, errors: [{ message, extensions: { code } }] });
  switch (getOperationName(op.query as DocumentNode)) {
    case 'KnowledgeArticles':
      return makeResult(op, { data: { articles } });
    case 'UpsertArticle': {
      const input = (op.variables as { input: { id?: string; title: string; body: string; questions: string[] } }).input;
      if (input.id === 'bad id') return err('BAD_USER_INPUT', 'Article id must be 1-64 letters.');
      const a = { ...input, id: input.id ?? 'a_new', updatedAt: '2026-12-03T11:00:00.000Z' };
      articles = [...articles.filter((x) => x.id !== a.id), a];
      return makeResult(op, { data: { upsertArticle: a } });
    }
    case 'DeleteArticle':
      articles = articles.filter((x) => x.id !== (op.variables as { id: string }).id);
      return makeResult(op, { data: { deleteArticle: true } });
    case 'AnswerPreview':
      return makeResult(op, {
        data: {
          answerPreview: {
            decision: 'ESCALATE',
            reasons: [{ reason: 'EXPLICIT_REQUEST', detail: 'The customer asked for a person.', score: null }],
            queue: 'support',
            answer: null,
            confidence: 0.42,
            sources: ['refunds'],
            sentiment: -0.6,
            knowledgeVersion: 3,
            policyVersion: 2,
          },
        },
      });
    default:
      return makeResult(op, { data: null });
  }
}

function setup(role: string) {
  sessionStorage.setItem(
    STAFF_KEY,
    JSON.stringify({ token: 't', role, subject: 'mia', tenant: 'demo', expiresAt: '2999-01-01T00:00:00.000Z', receivedAt: Date.now() }),
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
        <Knowledge />
      </MemoryRouter>
    </Provider>,
  );
}

const click = async (el: HTMLElement) => {
  await act(async () => {
    fireEvent.click(el);
  });
};
const type = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label, { exact: false }), { target: { value } });

beforeEach(() => {
  ops = [];
  articles = [refunds, { ...refunds, id: 'export', title: 'Exporting notes', body: 'File > Export.', questions: [] }];
});
afterEach(() => {
  cleanup();
  sessionStorage.clear();
});

describe('knowledge', () => {
  it('filters the list by the search box', async () => {
    setup('AGENT');
    const table = await screen.findByRole('table', { name: 'Articles' });
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    fireEvent.change(screen.getByLabelText('Search articles'), { target: { value: 'export' } });
    expect(within(table).getAllByRole('row')).toHaveLength(2);
    expect(screen.getByRole('status', { name: 'Articles shown' }).textContent).toBe('1 of 2 articles');
    // An agent reads only.
    expect(screen.queryByRole('button', { name: 'New article' })).toBeNull();
    expect(screen.queryByRole('region', { name: 'Try it' })).toBeNull();
  });

  it('shows server validation errors by the form, then creates', async () => {
    setup('MANAGER');
    await click(await screen.findByRole('button', { name: 'New article' }));
    type('ID', 'bad id');
    type('Title', 'Dark mode');
    type('Body', 'Settings > Theme.');
    type('Example questions', 'Night theme?\n\nBlack app?');
    await click(screen.getByRole('button', { name: 'Create article' }));
    const form = screen.getByRole('region', { name: 'New article' });
    expect(within(form).getByRole('alert').textContent).toBe('BAD_USER_INPUT: Article id must be 1-64 letters.');
    type('ID', '');
    await click(screen.getByRole('button', { name: 'Create article' }));
    const upserts = ops.filter((o) => getOperationName(o.query as DocumentNode) === 'UpsertArticle');
    expect(upserts.at(-1)?.variables).toEqual({
      input: { title: 'Dark mode', body: 'Settings > Theme.', questions: ['Night theme?', 'Black app?'] },
    });
    expect(await screen.findByText('Saved “Dark mode” (a_new).')).toBeTruthy();
  });

  it('deletes only after confirming', async () => {
    setup('ADMIN');
    await click(await screen.findByRole('button', { name: 'Delete Refunds' }));
    expect(ops.some((o) => getOperationName(o.query as DocumentNode) === 'DeleteArticle')).toBe(false);
    await click(screen.getByRole('button', { name: 'Confirm delete Refunds' }));
    const del = ops.find((o) => getOperationName(o.query as DocumentNode) === 'DeleteArticle');
    expect(del?.variables).toEqual({ id: 'refunds' });
    expect(await screen.findByText('Deleted “Refunds”.')).toBeTruthy();
  });

  it('previews what the bot would do', async () => {
    setup('MANAGER');
    const box = await screen.findByRole('region', { name: 'Try it' });
    fireEvent.change(within(box).getByLabelText('Customer message'), { target: { value: 'a human please' } });
    await click(within(box).getByRole('button', { name: 'Preview answer' }));
    expect(within(box).getByRole('status', { name: 'Decision' }).textContent).toBe(
      'It would escalate to a person in the support queue.',
    );
    expect(within(box).getByText('42 %')).toBeTruthy();
    expect(within(box).getByRole('list', { name: 'Preview sources' }).textContent).toBe('Refunds');
    expect(within(box).getByText(/The customer asked for a person/)).toBeTruthy();
  });
});
