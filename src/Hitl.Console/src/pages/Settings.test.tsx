import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { signOut } from '../auth';
import { Settings } from './Settings';
import { type Answer, renderWith } from './BoardTestHarness';

const policy = {
  version: 4,
  minConfidence: 0.35,
  outOfScopeBelow: 0.15,
  reviewBelow: 0.35,
  negativeSentiment: -0.5,
  repeatSimilarity: 0.8,
  defaultQueue: 'support',
  slaSeconds: 300,
  sensitiveTopics: [{ name: 'legal', phrases: ['lawyer'], queue: 'legal', priority: 3 }],
  amountRules: [{ name: 'large-refund', phrases: ['refund'], above: 100, queue: 'billing', priority: 2 }],
};
const al = { id: 'al', name: 'Al Agent', presence: 'ONLINE', capacity: 3, load: 1, queues: ['support'] };

const calls: { name: string; variables: Record<string, unknown> }[] = [];
const answer: Answer = (name, variables) => {
  calls.push({ name, variables });
  switch (name) {
    case 'SettingsPolicy':
      return { data: { policy } };
    case 'UpdatePolicy': {
      const input = variables.input as { minConfidence?: number };
      if ((input.minConfidence ?? 0) > 1) return { errors: [{ message: 'minConfidence must be in [0, 1].', code: 'BAD_USER_INPUT' }] };
      return { data: { updatePolicy: { ...policy, ...input, reviewBelow: input.minConfidence ?? policy.reviewBelow, version: 5 } } };
    }
    case 'SettingsAgents':
      return { data: { agents: [al], queues: [{ name: 'support' }, { name: 'billing' }] } };
    case 'SetAgentQueues': {
      const queues = variables.queues as string[];
      if (queues.includes('bad!')) return { errors: [{ message: 'Invalid queue name.', code: 'BAD_USER_INPUT' }] };
      return { data: { setAgentQueues: { ...al, queues } } };
    }
    case 'CreateInvite':
      return { data: { createInvite: { url: 'http://x/signin?code=abc', expiresAt: new Date(Date.now() + 30 * 60_000).toISOString() } } };
    default:
      return {};
  }
};

afterEach(() => {
  cleanup();
  signOut();
  calls.length = 0;
});

const click = async (el: HTMLElement) => {
  await act(async () => {
    fireEvent.click(el);
  });
};

describe('settings', () => {
  it('shows the server validation error and keeps the input, then saves only the change', async () => {
    renderWith(<Settings />, 'MANAGER', answer, '/settings');
    expect(screen.getByRole('heading', { level: 1, name: 'Settings' })).toBeTruthy();
    const min = (await screen.findByLabelText('Minimum confidence')) as HTMLInputElement;
    expect(min.value).toBe('0.35');
    fireEvent.change(min, { target: { value: '2' } });
    await click(screen.getByRole('button', { name: 'Save policy' }));
    const form = screen.getByRole('form', { name: 'Escalation policy' });
    expect(within(form).getByRole('alert').textContent).toBe('Not saved. BAD_USER_INPUT: minConfidence must be in [0, 1].');
    expect((screen.getByLabelText('Minimum confidence') as HTMLInputElement).value).toBe('2');

    fireEvent.change(screen.getByLabelText('Minimum confidence'), { target: { value: '0.5' } });
    await click(screen.getByRole('button', { name: 'Save policy' }));
    expect(calls.filter((c) => c.name === 'UpdatePolicy').at(-1)?.variables).toEqual({ input: { minConfidence: 0.5 } });
    expect(within(form).getByRole('status').textContent).toBe('Saved: policy version 5.');
    expect((screen.getByLabelText('Review below') as HTMLInputElement).value).toBe('0.5');
  });

  it('edits a sensitive topic list and blocks only what cannot be sent', async () => {
    renderWith(<Settings />, 'ADMIN', answer, '/settings');
    fireEvent.change(await screen.findByLabelText('Topic 1 phrases (one per line)'), { target: { value: 'lawyer\nattorney' } });
    fireEvent.change(screen.getByLabelText('Rule 1 priority'), { target: { value: '' } });
    await click(screen.getByRole('button', { name: 'Save policy' }));
    expect(screen.getByText('Enter a whole number.')).toBeTruthy();
    expect(calls.some((c) => c.name === 'UpdatePolicy')).toBe(false);
    fireEvent.change(screen.getByLabelText('Rule 1 priority'), { target: { value: '2' } });
    await click(screen.getByRole('button', { name: 'Save policy' }));
    expect(calls.find((c) => c.name === 'UpdatePolicy')?.variables).toEqual({
      input: { sensitiveTopics: [{ name: 'legal', phrases: ['lawyer', 'attorney'], queue: 'legal', priority: 3 }] },
    });
  });

  it('grants queues per agent and shows errors in the row', async () => {
    renderWith(<Settings />, 'MANAGER', answer, '/settings');
    const table = await screen.findByRole('table', { name: 'Agents and queues' });
    const row = within(table).getByRole('row', { name: /Al Agent/ });
    await click(within(row).getByRole('button', { name: 'Edit queues for Al Agent' }));
    fireEvent.click(within(row).getByRole('checkbox', { name: 'billing' }));
    fireEvent.change(within(row).getByLabelText('New queue for Al Agent'), { target: { value: 'bad!' } });
    await click(within(row).getByRole('button', { name: 'Save queues for Al Agent' }));
    expect(within(row).getByRole('alert').textContent).toBe('Not saved. BAD_USER_INPUT: Invalid queue name.');
    fireEvent.click(within(row).getByRole('checkbox', { name: 'bad!' }));
    await click(within(row).getByRole('button', { name: 'Save queues for Al Agent' }));
    expect(calls.filter((c) => c.name === 'SetAgentQueues').at(-1)?.variables).toEqual({ agentId: 'al', queues: ['support', 'billing'] });
    expect(within(row).getByRole('status').textContent).toBe('Saved: support, billing.');
  });

  it('lets an admin create an invite and a manager read who can', async () => {
    renderWith(<Settings />, 'ADMIN', answer, '/settings');
    fireEvent.change(await screen.findByLabelText('Subject (user id)'), { target: { value: 'bob' } });
    fireEvent.change(screen.getByLabelText('Display name'), { target: { value: 'Bob' } });
    fireEvent.click(screen.getByRole('radio', { name: /^Manager/ }));
    await click(screen.getByRole('button', { name: 'Create invite link' }));
    expect(calls.find((c) => c.name === 'CreateInvite')?.variables).toEqual({ input: { role: 'MANAGER', subject: 'bob', name: 'Bob' } });
    const created = screen.getByRole('region', { name: 'Created invite' });
    expect((within(created).getByLabelText('Invite link') as HTMLInputElement).value).toBe('http://x/signin?code=abc');
    expect(created.textContent).toMatch(/works once and expires in 30 min/);
    expect(within(created).getByRole('button', { name: 'Copy link' })).toBeTruthy();
    cleanup();
    renderWith(<Settings />, 'MANAGER', answer, '/settings');
    const invites = screen.getByRole('region', { name: 'Invites' });
    expect(invites.textContent).toMatch(/Only an admin creates invites/);
    expect(within(invites).queryByRole('button')).toBeNull();
  });

  it('tells an agent settings are for managers', () => {
    renderWith(<Settings />, 'AGENT', answer, '/settings');
    expect(screen.getByRole('alert').textContent).toMatch(/managers only/);
  });
});
