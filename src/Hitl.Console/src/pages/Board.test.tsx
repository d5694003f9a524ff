import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { signOut } from '../auth';
import { Board } from './Board';
import { renderWith } from './BoardTestHarness';

const empty = {
  window: 'DAY',
  from: '2026-12-02T10:00:00.000Z',
  to: '2026-12-03T10:00:00.000Z',
  conversationsStarted: 0,
  resolvedByBot: 0,
  resolvedByHuman: 0,
  containmentRate: null,
  escalated: 0,
  escalationRate: null,
  escalationsByReason: [],
  draftsApproved: 0,
  draftsEdited: 0,
  draftsRejected: 0,
  firstHumanResponseP50Seconds: null,
  firstHumanResponseP90Seconds: null,
  slaMet: 0,
  slaBreached: 0,
  csatBot: null,
  csatHuman: null,
  csatResponses: 0,
  waiting: 0,
  agentsOnline: 0,
};

const busy = {
  ...empty,
  to: '2026-12-03T10:00:05.000Z',
  conversationsStarted: 7,
  resolvedByBot: 1,
  resolvedByHuman: 2,
  containmentRate: 1 / 3,
  escalated: 6,
  escalationRate: 6 / 7,
  escalationsByReason: [
    { reason: 'SENSITIVE_TOPIC', count: 2 },
    { reason: 'EXPLICIT_REQUEST', count: 3 },
  ],
  firstHumanResponseP50Seconds: 13,
  firstHumanResponseP90Seconds: 420,
  slaMet: 2,
  slaBreached: 1,
  csatBot: 5,
  csatHuman: 3.5,
  csatResponses: 3,
  waiting: 4,
  agentsOnline: 2,
};

function answer(board: unknown) {
  return (name: string) => {
    if (name === 'BoardScoreboard') return { data: { scoreboard: board } };
    if (name === 'BoardPolicy') return { data: { policy: { version: 1, slaSeconds: 300 } } };
    return {};
  };
}

afterEach(() => {
  cleanup();
  signOut();
});

describe('board', () => {
  it('shows an empty tenant without NaN', async () => {
    renderWith(<Board />, 'MANAGER', answer(empty), '/board');
    expect(await screen.findByRole('heading', { level: 1, name: 'Board' })).toBeTruthy();
    await screen.findByRole('region', { name: 'Right now' });
    expect(document.body.textContent).not.toMatch(/NaN|undefined|Infinity/);
    expect(screen.getByText('No escalations in this window yet.')).toBeTruthy();
    expect(screen.getByText('No ratings yet in this window.')).toBeTruthy();
    expect((screen.getByRole('radio', { name: 'Last 24 hours' }) as HTMLInputElement).checked).toBe(true);
  });

  it('draws figures with captions and the numbers as tables, updated live', async () => {
    const { push } = renderWith(<Board />, 'ADMIN', answer(empty), '/board');
    await screen.findByRole('region', { name: 'Right now' });
    push('BoardScoreboardChanged', { scoreboardChanged: busy });
    const reasons = screen.getByRole('table', { name: 'Escalations by reason (count)' });
    const rows = within(reasons).getAllByRole('row').map((r) => r.textContent);
    expect(rows).toEqual(['ItemEscalations', 'Explicit request3', 'Sensitive topic2']);
    expect(screen.getByRole('figure', { name: 'Containment rate and escalation rate (%)' })).toBeTruthy();
    expect(within(screen.getByRole('table', { name: 'Containment rate and escalation rate (%)' })).getByText('33.3 %')).toBeTruthy();
    const response = screen.getByRole('table', { name: /First human response.*SLA of 5 min/ });
    expect(within(response).getByText('7 min')).toBeTruthy();
    expect(within(response).getByText('SLA 5 min')).toBeTruthy();
    expect(within(screen.getByRole('table', { name: /CSAT/ })).getByText('3.5 / 5')).toBeTruthy();
    expect(within(screen.getByRole('region', { name: 'Right now' })).getByText('4')).toBeTruthy();
    // A stale event (older `to`) does not replace the newer board.
    push('BoardScoreboardChanged', { scoreboardChanged: { ...busy, to: '2026-12-03T09:00:00.000Z', waiting: 99 } });
    expect(within(screen.getByRole('region', { name: 'Right now' })).queryByText('99')).toBeNull();
  });

  it('switches the window and subscribes for it', async () => {
    const { ops } = renderWith(<Board />, 'MANAGER', answer(empty), '/board');
    await screen.findByRole('region', { name: 'Right now' });
    await act(async () => {
      fireEvent.click(screen.getByRole('radio', { name: 'Last 7 days' }));
    });
    const windows = ops.filter((o) => o.kind === 'subscription').map((o) => (o.variables as { window: string }).window);
    expect(windows).toContain('WEEK');
    expect(ops.some((o) => o.kind === 'query' && (o.variables as { window?: string }).window === 'WEEK')).toBe(true);
  });

  it('tells an agent the board is for managers, and shows FORBIDDEN', async () => {
    renderWith(<Board />, 'AGENT', answer(empty), '/board');
    expect(screen.getByRole('alert').textContent).toMatch(/managers only/);
    cleanup();
    renderWith(<Board />, 'MANAGER', () => ({ errors: [{ message: 'Managers only.', code: 'FORBIDDEN' }] }), '/board');
    expect((await screen.findByRole('alert')).textContent).toMatch(/FORBIDDEN/);
  });
});
