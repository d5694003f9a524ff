// Staff sign-in state for this browser tab.
//
// The token lives in sessionStorage: it survives a reload of the tab, is not shared with other
// tabs, and is gone when the tab closes. It never goes into a URL. A refresher renews it with
// `refreshToken` at 80 % of its lifetime.

export interface StaffSession {
  token: string;
  role: string;
  subject: string;
  tenant: string;
  /** ISO-8601, from AccessToken.expiresAt. */
  expiresAt: string;
  /** Epoch ms when this tab received the token; the lifetime is measured from here. */
  receivedAt: number;
}

/** What `redeemInvite` and `refreshToken` return. */
export interface AccessTokenResult {
  token: string;
  role: string;
  subject: string;
  tenant: string;
  expiresAt: string;
}

export const STAFF_KEY = 'hitl.staff';
/** Renew at this share of the token's lifetime. */
export const REFRESH_AT = 0.8;
/** After a failed refresh, try again this much later (while the token is still valid). */
export const RETRY_MS = 10_000;

type Listener = (session: StaffSession | null) => void;
const listeners = new Set<Listener>();

function storage(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null;
  }
}

function isSession(value: unknown): value is StaffSession {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.token === 'string' &&
    typeof v.role === 'string' &&
    typeof v.subject === 'string' &&
    typeof v.tenant === 'string' &&
    typeof v.expiresAt === 'string' &&
    typeof v.receivedAt === 'number'
  );
}

/** The current session, or null when signed out or when the stored token has expired. */
export function getSession(now: number = Date.now()): StaffSession | null {
  const raw = storage()?.getItem(STAFF_KEY);
  if (!raw) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!isSession(parsed)) return null;
  const expires = Date.parse(parsed.expiresAt);
  if (Number.isNaN(expires) || expires <= now) return null;
  return parsed;
}

/** The value for `Authorization` (HTTP) and `authorization` (connection_init), or null. */
export function getAuthorization(): string | null {
  const s = getSession();
  return s ? `Bearer ${s.token}` : null;
}

export function storeToken(result: AccessTokenResult, now: number = Date.now()): StaffSession {
  const session: StaffSession = {
    token: result.token,
    role: result.role,
    subject: result.subject,
    tenant: result.tenant,
    expiresAt: result.expiresAt,
    receivedAt: now,
  };
  storage()?.setItem(STAFF_KEY, JSON.stringify(session));
  for (const l of [...listeners]) l(session);
  return session;
}

export function signOut(): void {
  storage()?.removeItem(STAFF_KEY);
  for (const l of [...listeners]) l(null);
}

/** Called with the new session (or null) whenever this tab signs in, refreshes or signs out. */
export function onSessionChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Milliseconds from `now` until the token should be renewed: REFRESH_AT of the lifetime
 * (receivedAt .. expiresAt) after it was received; 0 when that moment has passed.
 */
export function refreshDelay(session: StaffSession, now: number = Date.now()): number {
  const expires = Date.parse(session.expiresAt);
  const lifetime = Math.max(0, expires - session.receivedAt);
  const due = session.receivedAt + lifetime * REFRESH_AT;
  return Math.max(0, due - now);
}

/**
 * Keeps the stored token fresh. `refresh` calls the `refreshToken` mutation with the current
 * token and returns the new one (or throws). A failure is retried every RETRY_MS while the token
 * is still valid; once it has expired the tab is signed out. Returns a stop function.
 */
export function startRefresher(refresh: () => Promise<AccessTokenResult>): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const clear = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };

  const schedule = (delay: number) => {
    clear();
    if (!stopped) timer = setTimeout(run, delay);
  };

  const planFrom = (session: StaffSession | null) => {
    if (session) schedule(refreshDelay(session));
    else clear();
  };

  async function run() {
    timer = undefined;
    const session = getSession();
    if (!session) {
      if (storage()?.getItem(STAFF_KEY)) signOut(); // expired
      return;
    }
    try {
      const next = await refresh();
      if (stopped) return;
      storeToken(next); // the listener reschedules
    } catch {
      if (stopped) return;
      const left = Date.parse(session.expiresAt) - Date.now();
      if (left <= 0) signOut();
      else schedule(Math.min(RETRY_MS, left));
    }
  }

  // Sign-in, refresh (from here or elsewhere) and sign-out all re-plan the next renewal.
  const unsubscribe = onSessionChange(planFrom);
  planFrom(getSession());

  return () => {
    stopped = true;
    clear();
    unsubscribe();
  };
}

// Customer chat: one conversation token per tenant, for this tab.

export interface CustomerSession {
  token: string;
  conversationId: string;
}

export const customerKey = (tenant: string) => `hitl.customer.${tenant}`;

export function getCustomer(tenant: string): CustomerSession | null {
  const raw = storage()?.getItem(customerKey(tenant));
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as Partial<CustomerSession>;
    return typeof v.token === 'string' && typeof v.conversationId === 'string'
      ? { token: v.token, conversationId: v.conversationId }
      : null;
  } catch {
    return null;
  }
}

export function storeCustomer(tenant: string, session: CustomerSession): void {
  storage()?.setItem(customerKey(tenant), JSON.stringify(session));
}

export function forgetCustomer(tenant: string): void {
  storage()?.removeItem(customerKey(tenant));
}
