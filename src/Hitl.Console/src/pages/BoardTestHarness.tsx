// Test harness for the Board and Settings pages: a urql client answering by operation name,
// subscriptions fed by `push`, and a signed-in staff session of the given role.
import type { DocumentNode } from 'graphql';
import type { ReactNode } from 'react';
import { act, render } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { Client, type Exchange, type Operation, type OperationResult, Provider, getOperationName, makeResult } from 'urql';
import { filter, fromValue, makeSubject, mergeMap, pipe } from 'wonka';
import { storeToken } from '../auth';

export type Answer = (name: string, variables: Record<string, unknown>) => { data?: unknown; errors?: { message: string; code: string }[] };

export function renderWith(ui: ReactNode, role: string, answer: Answer, path = '/') {
  storeToken({ token: 't', role, subject: 'mona', tenant: 'demo', expiresAt: new Date(Date.now() + 3600_000).toISOString() });
  const ops: Operation[] = [];
  const live = makeSubject<OperationResult>();
  const exchange: Exchange = () => (ops$) =>
    pipe(
      ops$,
      filter((op) => op.kind !== 'teardown'),
      mergeMap((op) => {
        ops.push(op);
        const name = getOperationName(op.query as DocumentNode) ?? '';
        if (op.kind !== 'subscription') {
          const a = answer(name, (op.variables ?? {}) as Record<string, unknown>);
          return fromValue(
            makeResult(op, {
              data: a.data ?? null,
              errors: a.errors?.map((e) => ({ message: e.message, extensions: { code: e.code } })),
            }),
          );
        }
        return pipe(
          live.source,
          filter((r) => getOperationName(r.operation.query as DocumentNode) === name),
          mergeMap((r) => fromValue({ ...r, operation: op })),
        );
      }),
    );
  const client = new Client({ url: 'http://test/graphql', exchanges: [exchange] });
  const view = render(
    <Provider value={client}>
      <MemoryRouter initialEntries={[path]} future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
        {ui}
      </MemoryRouter>
    </Provider>,
  );
  return {
    view,
    ops,
    push(name: string, data: Record<string, unknown>) {
      const op = [...ops].reverse().find((o) => o.kind === 'subscription' && getOperationName(o.query as DocumentNode) === name);
      if (!op) throw new Error(`no subscription ${name}`);
      act(() => live.next(makeResult(op, { data })));
    },
  };
}
