import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import type { DocumentNode } from 'graphql';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { Client, type Exchange, getOperationName, makeResult } from 'urql';
import { filter, fromValue, mergeMap, never, pipe } from 'wonka';
import { storeToken } from '../auth';

const me = vi.hoisted(() => ({ name: null as string | null }));

vi.mock('../client', () => {
  const exchange: Exchange = () => (ops$) =>
    pipe(
      ops$,
      filter((op) => op.kind !== 'teardown'),
      mergeMap((op) =>
        getOperationName(op.query as DocumentNode) === 'LayoutMe'
          ? fromValue(makeResult(op, { data: { me: { __typename: 'Agent', id: 'ava', name: me.name } } }))
          : never,
      ),
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

const { StaffLayout } = await import('./StaffLayout');

function signIn(role: string, subject: string) {
  storeToken({
    token: 'x.e30.y', // claims {}
    role,
    subject,
    tenant: 'demo',
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
  });
}

function renderAt(url: string) {
  render(
    <MemoryRouter initialEntries={[url]} future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
      <Routes>
        <Route element={<StaffLayout />}>
          <Route path="/inbox" element={<h1>Inbox</h1>} />
          <Route path="/review" element={<h1>Review</h1>} />
        </Route>
      </Routes>
    </MemoryRouter>,
  );
}

beforeEach(() => {
  sessionStorage.clear();
  me.name = null;
});
afterEach(cleanup);

describe('staff layout', () => {
  it('shows an agent its pages only, the current one marked, and its name, role and tenant', async () => {
    me.name = 'Ava Agent';
    signIn('AGENT', 'ava');
    renderAt('/review');
    const nav = await screen.findByRole('navigation', { name: 'Console' });
    const links = [...nav.querySelectorAll('a')].map((a) => a.textContent);
    expect(links).toEqual(['Inbox', 'Review', 'Knowledge']);
    expect(screen.getByRole('link', { name: 'Review' }).getAttribute('aria-current')).toBe('page');
    expect(await screen.findByText('Ava Agent')).toBeTruthy();
    expect(screen.getByText('Agent')).toBeTruthy();
    expect(screen.getByText(/demo/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Skip to content' }).getAttribute('href')).toBe('#content');
    expect(screen.getByRole('main').id).toBe('content');
    expect(screen.getByRole('button', { name: 'Sign out' })).toBeTruthy();
  });

  it('shows a manager every page and falls back to the subject for the name', async () => {
    signIn('MANAGER', 'max');
    renderAt('/inbox');
    expect(await screen.findByRole('link', { name: 'Board' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Settings' })).toBeTruthy();
    expect(screen.getByText('max')).toBeTruthy();
  });

  it('explains how to sign in when signed out', () => {
    renderAt('/inbox');
    expect(screen.getByRole('heading', { name: 'How to get a sign-in link' })).toBeTruthy();
    expect(screen.queryByRole('navigation')).toBeNull();
  });
});
