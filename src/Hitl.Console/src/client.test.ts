import { describe, expect, it } from 'vitest';
import { reconnectCounter, wsUrl } from './client';

describe('client', () => {
  it('bumps the generation on reconnects, not on the first connection', () => {
    const c = reconnectCounter();
    let calls = 0;
    c.generation.subscribe(() => calls++);
    c.connected();
    expect(c.generation.get()).toBe(0);
    c.connected();
    c.connected();
    expect(c.generation.get()).toBe(2);
    expect(calls).toBe(2);
  });

  it('puts no token in the WebSocket URL', () => {
    expect(wsUrl('http://127.0.0.1:5080')).toBe('ws://127.0.0.1:5080/graphql');
    expect(wsUrl('https://support.example.com')).toBe('wss://support.example.com/graphql');
  });
});
