import { describe, expect, it } from 'vitest';
import { displayName, navFor, roleLabel, tokenName } from './LayoutLogic';

function jwt(claims: Record<string, unknown>): string {
  const b64url = (s: string) =>
    btoa(String.fromCharCode(...new TextEncoder().encode(s)))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '');
  return `${b64url('{"alg":"HS256"}')}.${b64url(JSON.stringify(claims))}.sig`;
}

describe('navigation by role', () => {
  it('hides the managers’ pages (board, settings) from an agent', () => {
    expect(navFor('AGENT').map((i) => i.label)).toEqual(['Inbox', 'Review', 'Knowledge']);
  });
  it('shows every page to managers and admins', () => {
    const all = ['Inbox', 'Review', 'Board', 'Knowledge', 'Settings'];
    expect(navFor('MANAGER').map((i) => i.label)).toEqual(all);
    expect(navFor('ADMIN').map((i) => i.to)).toEqual(['/inbox', '/review', '/board', '/knowledge', '/settings']);
  });
  it('shows nothing to a customer or an unknown role', () => {
    expect(navFor('CUSTOMER')).toEqual([]);
    expect(navFor('ROBOT')).toEqual([]);
  });
  it('names roles in words', () => {
    expect(roleLabel('AGENT')).toBe('Agent');
    expect(roleLabel('ADMIN')).toBe('Admin');
    expect(roleLabel('AUDITOR')).toBe('Auditor');
  });
});

describe('who is signed in', () => {
  it('reads the name claim of the token (UTF-8, base64url)', () => {
    expect(tokenName(jwt({ sub: 'zoe', name: 'Zoë Ølsen' }))).toBe('Zoë Ølsen');
    expect(tokenName(jwt({ sub: 'zoe' }))).toBeUndefined();
    expect(tokenName('not-a-jwt')).toBeUndefined();
    expect(tokenName('a.%%%.b')).toBeUndefined();
  });
  it('prefers the profile name, then the token name, then the subject', () => {
    const t = jwt({ name: 'Demo admin' });
    expect(displayName('Ava', t, 'ava')).toBe('Ava');
    expect(displayName(null, t, 'admin')).toBe('Demo admin');
    expect(displayName('  ', jwt({}), 'admin')).toBe('admin');
  });
});
