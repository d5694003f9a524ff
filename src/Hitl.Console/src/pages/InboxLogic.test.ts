import { describe, expect, it } from 'vitest';
import { dueCell, reasonsText, waitedSeconds } from './InboxLogic';

describe('inbox logic', () => {
  it('measures the wait from enqueuedAt', () => {
    expect(waitedSeconds('2026-01-01T00:00:00Z', Date.parse('2026-01-01T00:01:30Z'))).toBe(90);
    expect(waitedSeconds('2026-01-01T00:00:10Z', Date.parse('2026-01-01T00:00:00Z'))).toBe(0);
  });
  it('shows the SLA due time or breached', () => {
    expect(dueCell(null, 0)).toEqual({ text: '—', breached: false });
    expect(dueCell('2026-01-01T00:01:00Z', Date.parse('2026-01-01T00:00:00Z'))).toEqual({ text: '1 min 00 s left', breached: false });
    expect(dueCell('2026-01-01T00:01:00Z', Date.parse('2026-01-01T00:01:30Z')).breached).toBe(true);
  });
  it('names the reasons', () => {
    expect(reasonsText([])).toBe('—');
    expect(reasonsText([{ reason: 'NEGATIVE_SENTIMENT' }, { reason: 'MANUAL' }])).toBe('Negative sentiment, Manual');
  });
});
