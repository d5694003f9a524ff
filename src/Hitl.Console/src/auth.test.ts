import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type AccessTokenResult,
  RETRY_MS,
  STAFF_KEY,
  forgetCustomer,
  getAuthorization,
  getCustomer,
  getSession,
  onSessionChange,
  refreshDelay,
  signOut,
  startRefresher,
  storeCustomer,
  storeToken,
} from './auth';

const T0 = Date.parse('2026-12-03T10:00:00.000Z');
const HOUR = 3_600_000;

function token(name: string, lifetimeMs: number, now = Date.now()): AccessTokenResult {
  return {
    token: name,
    role: 'AGENT',
    subject: 'alice',
    tenant: 'demo',
    expiresAt: new Date(now + lifetimeMs).toISOString(),
  };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(T0);
  sessionStorage.clear();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('token storage', () => {
  it('keeps the token in sessionStorage and builds the bearer value', () => {
    expect(getSession()).toBeNull();
    expect(getAuthorization()).toBeNull();
    storeToken(token('t1', HOUR));
    expect(JSON.parse(sessionStorage.getItem(STAFF_KEY)!).token).toBe('t1');
    expect(getSession()?.subject).toBe('alice');
    expect(getAuthorization()).toBe('Bearer t1');
    expect(localStorage.getItem(STAFF_KEY)).toBeNull();
  });

  it('treats an expired or malformed stored token as signed out', () => {
    storeToken(token('t1', HOUR));
    vi.setSystemTime(T0 + HOUR);
    expect(getSession()).toBeNull();
    sessionStorage.setItem(STAFF_KEY, '{not json');
    expect(getSession()).toBeNull();
    sessionStorage.setItem(STAFF_KEY, JSON.stringify({ token: 1 }));
    expect(getSession()).toBeNull();
  });

  it('signs out and tells listeners', () => {
    const seen: (string | null)[] = [];
    const off = onSessionChange((s) => seen.push(s?.token ?? null));
    storeToken(token('t1', HOUR));
    signOut();
    off();
    storeToken(token('t2', HOUR));
    expect(seen).toEqual(['t1', null]);
    expect(getAuthorization()).toBe('Bearer t2');
  });

  it('keeps one customer conversation per tenant', () => {
    storeCustomer('demo', { token: 'c1', conversationId: 'conv-1' });
    storeCustomer('other', { token: 'c2', conversationId: 'conv-2' });
    expect(getCustomer('demo')).toEqual({ token: 'c1', conversationId: 'conv-1' });
    forgetCustomer('demo');
    expect(getCustomer('demo')).toBeNull();
    expect(getCustomer('other')?.token).toBe('c2');
  });
});

describe('refresh scheduling', () => {
  it('renews at 80 % of the lifetime', () => {
    const s = storeToken(token('t1', HOUR));
    expect(refreshDelay(s)).toBe(0.8 * HOUR);
    expect(refreshDelay(s, T0 + 0.5 * HOUR)).toBe(0.3 * HOUR);
    expect(refreshDelay(s, T0 + 2 * HOUR)).toBe(0);
  });

  it('calls refreshToken once before expiry, stores the new token and plans the next', async () => {
    storeToken(token('t1', HOUR));
    let n = 1;
    const refresh = vi.fn(async () => token(`t${++n}`, HOUR));
    const stop = startRefresher(refresh);

    await vi.advanceTimersByTimeAsync(0.8 * HOUR - 1);
    expect(refresh).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(getAuthorization()).toBe('Bearer t2');

    // The new token is one hour from now: the next renewal 48 minutes later, not earlier.
    await vi.advanceTimersByTimeAsync(0.8 * HOUR - 1);
    expect(refresh).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(refresh).toHaveBeenCalledTimes(2);
    expect(getAuthorization()).toBe('Bearer t3');
    stop();
  });

  it('retries a failed refresh while the token is valid, then signs out', async () => {
    storeToken(token('t1', 100_000)); // renewal due at 80 s, expiry at 100 s
    const refresh = vi.fn(async (): Promise<AccessTokenResult> => {
      throw new Error('network');
    });
    const stop = startRefresher(refresh);

    await vi.advanceTimersByTimeAsync(80_000);
    expect(refresh).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(RETRY_MS);
    expect(refresh).toHaveBeenCalledTimes(2);
    expect(getAuthorization()).toBe('Bearer t1');
    await vi.advanceTimersByTimeAsync(RETRY_MS);
    expect(refresh).toHaveBeenCalledTimes(2); // expired: nothing left to refresh
    expect(getSession()).toBeNull();
    expect(sessionStorage.getItem(STAFF_KEY)).toBeNull();
    stop();
  });

  it('stops on sign-out and starts again on sign-in', async () => {
    storeToken(token('t1', HOUR));
    const refresh = vi.fn(async () => token('t9', HOUR));
    const stop = startRefresher(refresh);
    signOut();
    await vi.advanceTimersByTimeAsync(2 * HOUR);
    expect(refresh).not.toHaveBeenCalled();

    storeToken(token('t2', 10_000));
    await vi.advanceTimersByTimeAsync(8_000);
    expect(refresh).toHaveBeenCalledTimes(1);
    stop();
    await vi.advanceTimersByTimeAsync(2 * HOUR);
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('does nothing when signed out', async () => {
    const refresh = vi.fn(async () => token('t1', HOUR));
    const stop = startRefresher(refresh);
    await vi.advanceTimersByTimeAsync(10 * HOUR);
    expect(refresh).not.toHaveBeenCalled();
    stop();
  });
});
