import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StrictMode } from 'react';
import { cleanup, render, screen } from '@testing-library/react';
import type { DocumentNode } from 'graphql';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router-dom';
import { Client, type Exchange, type Operation, getOperationName, makeResult } from 'urql';
import { filter, fromValue, mergeMap, pipe } from 'wonka';
import { STAFF_KEY, getAuthorization } from '../auth';

const seen = vi.hoisted(() => ({ ops: [] as Operation[], fail: false }));

vi.mock('../client', () => {
  const exchange: Exchange = () => (ops$) =>
    pipe(
      ops$,
      filter((op) => op.kind !== 'teardown'),
      mergeMap((op) => {
        seen.ops.push(op);
        const ok = getOperationName(op.query as DocumentNode) === 'RedeemInvite' && !seen.fail;
        return fromValue(
          ok
            ? makeResult(op, {
                data: {
                  redeemInvite: {
                    token: 'staff-token',
                    role: 'AGENT',
                    subject: 'alice',
                    tenant: 'demo',
                    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
                  },
                },
              })
            : makeResult(op, {
                errors: [{ message: 'The invite is not valid', extensions: { code: 'BAD_USER_INPUT' } }],
              }),
        );
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

const { SignIn } = await import('./SignIn');

function Where() {
  const l = useLocation();
  return <p>at {l.pathname + l.search}</p>;
}

function renderAt(url: string) {
  render(
    <StrictMode>
      <MemoryRouter
        initialEntries={[url]}
        future={{ v7_startTransition: true, v7_relativeSplatPath: true }}
      >
        <Routes>
          <Route path="/signin" element={<SignIn />} />
          <Route path="/inbox" element={<Where />} />
        </Routes>
      </MemoryRouter>
    </StrictMode>,
  );
}

beforeEach(() => {
  sessionStorage.clear();
  seen.ops = [];
  seen.fail = false;
});
afterEach(cleanup);

describe('sign-in page', () => {
  it('redeems the code once (even in StrictMode), keeps the token and leaves the code behind', async () => {
    renderAt('/signin?code=one-time-1');
    expect(await screen.findByText('at /inbox')).toBeTruthy();
    expect(seen.ops.filter((o) => o.kind === 'mutation')).toHaveLength(1);
    expect(seen.ops[0]?.variables).toEqual({ code: 'one-time-1' });
    expect(getAuthorization()).toBe('Bearer staff-token');
    expect(sessionStorage.getItem(STAFF_KEY)).toContain('"subject":"alice"');
  });

  it('says what to do when the link does not work', async () => {
    seen.fail = true;
    renderAt('/signin?code=used-2');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/did not work/);
    expect(alert.textContent).toMatch(/BAD_USER_INPUT: The invite is not valid/);
    expect(screen.getByRole('heading', { name: 'How to get a sign-in link' })).toBeTruthy();
    expect(screen.getByText(/createInvite/)).toBeTruthy();
    expect(getAuthorization()).toBeNull();
  });

  it('explains how to get a link when opened without a code', () => {
    renderAt('/signin');
    expect(screen.getByText(/not signed in/)).toBeTruthy();
    expect(screen.getByText(/start banner/)).toBeTruthy();
    expect(seen.ops).toHaveLength(0);
  });
});
