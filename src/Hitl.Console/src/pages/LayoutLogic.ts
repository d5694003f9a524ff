// Pure logic of the staff layout: which pages a role may use, and who is signed in.

export interface NavItem {
  to: string;
  label: string;
}

const ALL: readonly (NavItem & { managers?: true })[] = [
  { to: '/inbox', label: 'Inbox' },
  { to: '/review', label: 'Review' },
  // scoreboard/scoreboardChanged and policy/updatePolicy are managers' (and admins').
  { to: '/board', label: 'Board', managers: true },
  { to: '/knowledge', label: 'Knowledge' },
  { to: '/settings', label: 'Settings', managers: true },
];

export function isManager(role: string): boolean {
  return role === 'MANAGER' || role === 'ADMIN';
}

/** The pages a role may use, in navigation order (none for a CUSTOMER or an unknown role). */
export function navFor(role: string): NavItem[] {
  if (role !== 'AGENT' && !isManager(role)) return [];
  return ALL.filter((i) => !i.managers || isManager(role)).map(({ to, label }) => ({ to, label }));
}

export function roleLabel(role: string): string {
  switch (role) {
    case 'AGENT':
      return 'Agent';
    case 'MANAGER':
      return 'Manager';
    case 'ADMIN':
      return 'Admin';
    default:
      return role.charAt(0) + role.slice(1).toLowerCase();
  }
}

/** The `name` claim of a JWT (display name from the invite), or undefined. Not verified: display only. */
export function tokenName(token: string): string | undefined {
  const part = token.split('.')[1];
  if (!part) return undefined;
  try {
    const b64 = part.replace(/-/g, '+').replace(/_/g, '/');
    const padded = b64 + '='.repeat((4 - (b64.length % 4)) % 4);
    const bytes = Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
    const name = claims.name;
    return typeof name === 'string' && name.trim() ? name.trim() : undefined;
  } catch {
    return undefined;
  }
}

/** The name shown in the header: the agent's profile name, else the token's name, else the subject. */
export function displayName(meName: string | null | undefined, token: string, subject: string): string {
  return meName?.trim() || tokenName(token) || subject;
}
